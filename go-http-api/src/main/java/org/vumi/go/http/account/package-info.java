/**
 * Vumi Go's account API (JSON-RPC): {@link org.vumi.go.http.account.AccountApiClient} lists an
 * account's campaign, conversations, channels and routers, and reads and replaces its routing table.
 */
@NullMarked
package org.vumi.go.http.account;

import org.jspecify.annotations.NullMarked;
