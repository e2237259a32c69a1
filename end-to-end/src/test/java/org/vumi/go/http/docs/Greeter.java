package org.vumi.go.http.docs;

import java.io.IOException;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.vumi.go.http.ConversationSender;
import org.vumi.go.http.SentMessage;
import org.vumi.go.http.optouts.OptOutsApiClient;

/** docs/spring-boot.md's service, as shown there; {@link SpringBootGuideTest} runs it against the emulator. */
@Service
public class Greeter {
  private final ConversationSender sender;
  private final OptOutsApiClient optOuts;

  public Greeter(ConversationSender sender, OptOutsApiClient optOuts) {   // the starter's beans
    this.sender = sender;
    this.optOuts = optOuts;
  }

  public Optional<SentMessage> greet(String msisdn) throws IOException {
    if (optOuts.getOptOut("msisdn", msisdn).isPresent()) {
      return Optional.empty();   // sendText would be refused anyway; this asks first
    }
    return Optional.of(sender.sendText(msisdn, "Hello!"));
  }
}
