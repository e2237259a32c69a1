package org.vumi.consumer.kotlin

import org.vumi.go.http.ConversationSender

// Compiled only with -P nullness-check, and must NOT compile: the library is @NullMarked, so Kotlin
// sees its JSpecify annotations as Kotlin types. .ci/run checks for both of Kotlin's nullness errors.
fun passesNull(sender: ConversationSender) {
    // sendText's toAddr is a String, not a String?: null is refused at compile time.
    sender.sendText(null, "hi")
}

fun ignoresNullable(sender: ConversationSender): Int {
    // content() is @Nullable: a String?, which cannot be dereferenced unchecked.
    return sender.sendText("+27831234567", "hi").content().length
}
