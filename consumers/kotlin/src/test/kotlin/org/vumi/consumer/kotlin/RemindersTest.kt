package org.vumi.consumer.kotlin

import java.time.Duration
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import org.vumi.go.http.testing.VumiGoEmulator
import org.vumi.go.http.testing.junit.VumiGoEmulatorExtension

@ExtendWith(VumiGoEmulatorExtension::class)
class RemindersTest {
    /** A ceiling reached only when something is wrong. */
    private val wait = Duration.ofSeconds(30)

    @Test
    fun sendsAReminderToTheEmulator(vumiGo: VumiGoEmulator) {
        vumiGo.addConversation("account-key", "conversation-key", "conversation-token")

        val reminder = Reminders("account-key", "conversation-key", "conversation-token", vumiGo.apiUrl()).use {
            it.remind("+27831234567", "09:30", clinic = "Khayelitsha")
        }

        val sent = vumiGo.awaitMessages(1, wait)
        assertEquals(listOf(reminder.messageId), sent.map { it.messageId() })
        assertEquals("+27831234567", sent[0].toAddr())
        assertEquals("Your appointment at Khayelitsha is at 09:30.", sent[0].content())
        assertEquals(sent[0].content(), reminder.text)
    }
}
