package org.vumi.go.http.spring;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Times every attempt when the application has a Micrometer registry. Named by string in the
 * conditions, so that nothing of Micrometer is loaded without it (it is an optional dependency).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = MicrometerConfiguration.METER_REGISTRY)
@ConditionalOnBean(type = MicrometerConfiguration.METER_REGISTRY)
class MicrometerConfiguration {
  static final String METER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

  /** A listener bean: the clients compose it with the application's own listener beans. */
  @Bean
  MicrometerClientListener vumiGoMicrometerListener(MeterRegistry registry) {
    return new MicrometerClientListener(registry);
  }
}
