package org.vumi.consumer.kotlin

import org.vumi.go.http.ConversationSender
import org.vumi.go.http.HttpApiSender
import org.vumi.go.http.SentMessage

/** What a reminder became: Vumi Go's id for it, and the text as Vumi Go took it. */
data class Reminder(val messageId: String, val text: String)

/** The application: sends appointment reminders from one conversation. */
class Reminders(private val sender: ConversationSender) : AutoCloseable {
    constructor(accountKey: String, conversationKey: String, conversationToken: String, apiUrl: String) :
        this(HttpApiSender.builder(accountKey, conversationKey, conversationToken).apiUrl(apiUrl).build())

    /** Sends a reminder; [clinic] is optional, as a Kotlin `String?`. */
    fun remind(msisdn: String, time: String, clinic: String? = null): Reminder {
        val text = if (clinic == null) "Your appointment is at $time." else "Your appointment at $clinic is at $time."
        val sent: SentMessage = sender.sendText(msisdn, text)
        // content() is @Nullable in the library, so Kotlin makes it a String?: it must be handled.
        return Reminder(sent.messageId(), sent.content() ?: text)
    }

    override fun close() = sender.close()
}
