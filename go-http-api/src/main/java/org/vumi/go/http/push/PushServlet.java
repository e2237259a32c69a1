package org.vumi.go.http.push;

import static java.nio.charset.StandardCharsets.UTF_8;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * Serves a {@link PushReceiver} from a servlet container (Tomcat, Jetty, Undertow, Spring Boot's
 * embedded server): it answers as {@link PushReceiver#httpHandler()} does, with the same statuses,
 * headers and bodies. Like it, it reads nothing of a body before the method is POST, the credentials
 * are right and the announced {@code Content-Length} is within the limit, and never more than one
 * byte past the limit; a callback's {@link Error} is answered 500 and then rethrown to the
 * container.
 *
 * <p>Register an instance with the container; it has no no-argument constructor, so it cannot be
 * named in a {@code web.xml}:
 *
 * <pre>{@code
 * PushServlet servlet = new PushServlet(receiver);
 * // any container, from a ServletContainerInitializer or ServletContextListener
 * servletContext.addServlet("vumi-push", servlet).addMapping("/vumi/*");
 * // Spring Boot: return this from a bean method
 * new ServletRegistrationBean<>(servlet, "/vumi/*");
 * // embedded Jetty 12 (ee10)
 * context.addServlet(new ServletHolder(servlet), "/vumi/*");
 * }</pre>
 *
 * <p>It needs the Jakarta Servlet API ({@code jakarta.servlet}, Servlet 6.0: Tomcat 10.1, Jetty 12
 * ee10, Spring Boot 3 and later), which the container brings: this library declares it optional and
 * provided, and nothing else of the library loads it. On the module path, an application that uses
 * this class {@code requires jakarta.servlet}.
 *
 * <p><b>Refused requests and slow clients.</b> What becomes of the part of a refused request's
 * body that the servlet did not read is the container's business, as for every servlet:
 * <ul>
 *   <li>Jetty 12 reads no more of it than has already arrived, and closes the connection: a client
 *       that is refused and then trickles its body holds no thread.
 *   <li>Tomcat (10.1, Spring Boot's default server) reads what is left, up to its connector's
 *       {@code maxSwallowSize} (2 MiB by default), on the request's thread before that thread is
 *       free, each read waiting for as long as its {@code connectionTimeout} (60 s by default): a
 *       refused client that sends a byte a second holds a thread for days. Set {@code
 *       maxSwallowSize} to 0 (Spring Boot: {@code server.tomcat.max-swallow-size=0}): Tomcat then
 *       reads once more and closes the connection, so such a client holds a thread no longer than
 *       until its next byte, at most {@code connectionTimeout} (Spring Boot:
 *       {@code server.tomcat.connection-timeout}). This holds for every endpoint of the
 *       application that refuses a request without reading its body, not only this one.
 * </ul>
 * A body that arrives slowly with the right credentials is read on the request's thread, as every
 * blocking servlet reads, within the container's read timeout.
 *
 * <p>The servlet is immutable and safe for the container to call from many threads; it holds no
 * resources, so {@link #destroy()} has nothing to release. It is not meant to be serialized: the
 * receiver is not carried along.
 */
public final class PushServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** Transient: containers never serialize servlets, and the callbacks could not be carried along. */
  private final transient PushReceiver receiver;

  /**
   * Returns a servlet that serves this receiver.
   *
   * @param receiver the receiver whose credentials, limit and callbacks apply; not null
   */
  public PushServlet(PushReceiver receiver) {
    this.receiver = Objects.requireNonNull(receiver, "receiver");
  }

  /**
   * Answers one request, whatever its method: POST is handed to the receiver, any other method is
   * answered 405 with {@code Allow: POST}.
   *
   * @param request the request
   * @param response the response
   * @throws IOException if reading the body or writing the answer failed
   * @throws Error whatever Error the callback threw, after answering 500
   */
  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    PushReceiver.Answer answer;
    try {
      answer = receiver.answer(request.getMethod(), request.getHeader("Authorization"),
          request.getContentLengthLong(), request.getInputStream());
    } catch (RuntimeException | Error e) {
      // As httpHandler(): Vumi Go is owed an answer, then the failure goes on to the container.
      try {
        respond(response, PushResponse.CALLBACK_FAILED);
      } catch (Throwable whileAnswering) {
        e.addSuppressed(whileAnswering);
      }
      throw e;
    }
    respond(response, answer.response());
  }

  private static void respond(HttpServletResponse response, PushResponse answer) throws IOException {
    response.setStatus(answer.statusCode());
    if (answer.statusCode() == 401) {
      response.setHeader("WWW-Authenticate", PushResponse.CHALLENGE);
    } else if (answer.statusCode() == 405) {
      response.setHeader("Allow", "POST");
    }
    byte[] body = answer.body().getBytes(UTF_8);
    response.setContentType(PushResponse.CONTENT_TYPE);
    response.setContentLength(body.length);
    try (ServletOutputStream out = response.getOutputStream()) {
      out.write(body);
    }
  }

  @Override
  public String toString() {
    return "PushServlet{" + receiver + "}";
  }
}
