package org.vumi.go.http.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/** The HTTP client every client of this library shares when the caller gives none ({@link Resources} holds it). */
final class Clients {
  private Clients() {}

  /**
   * Idle connections are closed after this long. OkHttp checks a pooled connection's health only
   * once it has been idle for 10 s; a server that closed it sooner turns the next request into a
   * failure after the request was written, which for a message means "may or may not have been
   * sent". Common servers keep idle connections 5 s or longer (Apache and Node.js 5 s, nginx 75 s,
   * cloud load balancers 60 s), so a connection reused within this time is still open.
   */
  static final long KEEP_ALIVE_SECONDS = 4;

  /**
   * Makes the default client: OkHttp's defaults, but with the library's dispatcher threads (daemons,
   * bounded, none kept while idle), as many asynchronous calls to one host as Vumi Go lets one
   * account have in flight (10; OkHttp's own default is 5), and a keep-alive below common servers'
   * (see {@link #KEEP_ALIVE_SECONDS}).
   *
   * @param dispatcherThreads the threads that run asynchronous calls; shut down with the client
   * @return the client
   */
  static OkHttpClient newDefault(ExecutorService dispatcherThreads) {
    Dispatcher dispatcher = new Dispatcher(dispatcherThreads);
    dispatcher.setMaxRequestsPerHost(10);
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(5, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS))
        .build();
  }
}
