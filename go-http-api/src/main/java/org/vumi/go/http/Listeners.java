package org.vumi.go.http;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** The listener that does nothing, and the one that calls several. */
final class Listeners {
  private Listeners() {}

  static final ClientListener NOOP = new ClientListener() {
    @Override
    public String toString() {
      return "ClientListener.noop()";
    }
  };

  static ClientListener compose(ClientListener... listeners) {
    if (listeners == null) {
      throw new NullPointerException("listeners must not be null");
    }
    for (int i = 0; i < listeners.length; i++) {
      if (listeners[i] == null) {
        throw new NullPointerException("listeners[" + i + "] must not be null");
      }
    }
    return new Composed(List.of(listeners));
  }

  /** Calls every listener in order; what one throws is thrown on once all were called. */
  private record Composed(List<ClientListener> listeners) implements ClientListener {
    @Override
    public void attemptStarted(AttemptInfo attempt) {
      each(listener -> listener.attemptStarted(attempt));
    }

    @Override
    public void attemptEnded(AttemptInfo attempt) {
      each(listener -> listener.attemptEnded(attempt));
    }

    @Override
    public void retryScheduled(AttemptInfo attempt, Duration wait) {
      each(listener -> listener.retryScheduled(attempt, wait));
    }

    @Override
    public void operationEnded(OperationInfo operation) {
      each(listener -> listener.operationEnded(operation));
    }

    private void each(Consumer<ClientListener> call) {
      @Nullable Throwable first = null;
      for (ClientListener listener : listeners) {
        try {
          call.accept(listener);
        } catch (VirtualMachineError e) {
          throw e;
        } catch (RuntimeException | Error e) {
          if (first == null) {
            first = e;
          } else {
            first.addSuppressed(e);
          }
        }
      }
      if (first instanceof RuntimeException runtime) {
        throw runtime;
      } else if (first != null) {
        throw (Error) first;
      }
    }

    @Override
    public String toString() {
      return "ClientListener.compose" + listeners;
    }
  }
}
