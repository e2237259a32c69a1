package org.vumi.go.http.internal;

import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/** The HTTP client every client of this library shares when the caller gives none. */
public final class Clients {
  private Clients() {}

  /**
   * Idle connections are closed after this long. OkHttp checks a pooled connection's health only
   * once it has been idle for 10 s; a server that closed it sooner turns the next request into a
   * failure after the request was written, which for a message means "may or may not have been
   * sent". Common servers keep idle connections 5 s or longer (Apache and Node.js 5 s, nginx 75 s,
   * cloud load balancers 60 s), so a connection reused within this time is still open.
   */
  static final long KEEP_ALIVE_SECONDS = 4;

  private static final class Holder {
    static final OkHttpClient INSTANCE = newDefault();
  }

  /**
   * Returns the shared default client: OkHttp's defaults, but with daemon dispatcher threads, as
   * many asynchronous calls to one host as Vumi Go lets one account have in flight (10; OkHttp's
   * own default is 5), and a keep-alive below common servers' (see {@link #KEEP_ALIVE_SECONDS}).
   *
   * @return the client
   */
  public static OkHttpClient shared() {
    return Holder.INSTANCE;
  }

  private static OkHttpClient newDefault() {
    Dispatcher dispatcher = new Dispatcher(new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
        new SynchronousQueue<>(), Threads.daemons("go-http-api OkHttp Dispatcher")));
    dispatcher.setMaxRequestsPerHost(10);
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(5, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS))
        .build();
  }
}
