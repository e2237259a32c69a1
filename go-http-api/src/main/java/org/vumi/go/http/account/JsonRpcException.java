package org.vumi.go.http.account;

import org.jspecify.annotations.Nullable;
import org.vumi.go.http.VumiGoException;
import org.vumi.go.http.internal.Text;

/**
 * The account API answered a call with a JSON-RPC fault: the request reached the server, which
 * refused it, usually with HTTP 200. For example {@code GoApiError} 404 {@code Unknown campaign key.},
 * or {@code InvalidRoutingTable} 400 for a routing table whose entries link the wrong endpoints.
 */
public class JsonRpcException extends VumiGoException {
  private static final long serialVersionUID = 1L;

  /** The fault's class name. */
  private final String fault;
  /** The fault code. */
  private final int faultCode;
  /** The fault's text. */
  private final @Nullable String faultString;

  /**
   * Makes an exception, for instance to stub a client in a test.
   *
   * @param message what happened, for people; must not hold credentials
   * @param fault the fault's class name, such as {@code Fault} or {@code GoApiError}
   * @param faultCode the fault code, such as 404, 400, 8002 or -32601
   * @param faultString the fault's text, or null
   */
  public JsonRpcException(String message, String fault, int faultCode, @Nullable String faultString) {
    this(message, fault, faultCode, faultString, 1);
  }

  /**
   * Makes an exception after a number of attempts. The server ran the method, so it may have acted:
   * {@link #mayHaveBeenSent()} is true.
   *
   * @param message what happened, for people; must not hold credentials
   * @param fault the fault's class name, such as {@code Fault} or {@code GoApiError}
   * @param faultCode the fault code, such as 404, 400, 8002 or -32601
   * @param faultString the fault's text, or null
   * @param attempts how many times the request was sent, at least 1
   */
  public JsonRpcException(String message, String fault, int faultCode, @Nullable String faultString, int attempts) {
    super(message, null, attempts, true);
    this.fault = fault;
    this.faultCode = faultCode;
    this.faultString = faultString;
  }

  /** The standard message: the method, the fault and its text, escaped. */
  static JsonRpcException of(String method, String fault, int faultCode, @Nullable String faultString) {
    return new JsonRpcException("JSON-RPC " + method + " failed: " + Text.escape(fault) + " " + faultCode
        + (faultString == null ? "" : " " + Text.quote(faultString)), fault, faultCode, faultString);
  }

  /**
   * Returns the fault's class name: {@code error.fault}, or {@code Fault} when the server's envelope
   * has none (the JSON-RPC 2.0 envelope of newer servers).
   *
   * @return such as {@code Fault}, {@code GoApiError}, {@code InvalidRoutingTable} or {@code NoSuchFunction}
   */
  public String fault() {
    return fault;
  }

  /**
   * Returns the fault code: {@code error.faultCode} (or {@code error.code}).
   *
   * @return such as 404 (unknown campaign key), 400 (invalid routing table), 8002 (any other error)
   *     or -32601 (no such method)
   */
  public int faultCode() {
    return faultCode;
  }

  /**
   * Returns the fault's text: {@code error.faultString} (or {@code error.message}).
   *
   * @return such as {@code Unknown campaign key.}, or null when the server gave none
   */
  public @Nullable String faultString() {
    return faultString;
  }
}
