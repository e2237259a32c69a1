package org.vumi.go.http;

/**
 * The Vumi Go HTTP APIs this library speaks to: which one an {@link AttemptInfo} or
 * {@link OperationInfo} is about.
 */
public enum Api {
  /**
   * A conversation's HTTP API ({@code http_api_nostream}): sending messages and firing metrics
   * through one conversation, as {@link HttpApiSender} does.
   */
  CONVERSATION,
  /** The opt-outs API: looking up, adding and removing opted-out addresses ({@code OptOutsApiClient}). */
  OPT_OUTS,
  /** The metrics API: firing and reading an account's metrics ({@code MetricsApiClient}). */
  METRICS,
  /** The contacts API: contacts and groups ({@code ContactsApiClient}). */
  CONTACTS,
  /** The account API: campaigns, conversations, channels, routers and routing, over JSON-RPC ({@code AccountApiClient}). */
  ACCOUNT
}
