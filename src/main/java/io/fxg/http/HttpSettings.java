package io.fxg.http;

import com.typesafe.config.Config;
import java.time.Duration;

/** The {@code fxg.http} settings. */
public record HttpSettings(
    String host,
    int port,
    long maxBody,
    Duration maxClockSkew,
    boolean publicRead,
    boolean allowUnsigned,
    Duration askTimeout,
    Duration maxWait,
    Duration maxDuration,
    int maxPendingSubmissions) {

  public static HttpSettings from(Config config) {
    Config http = config.getConfig("fxg.http");
    return new HttpSettings(
        http.getString("host"),
        http.getInt("port"),
        http.getBytes("max-body"),
        http.getDuration("max-clock-skew"),
        http.getBoolean("public-read"),
        http.getBoolean("allow-unsigned"),
        http.getDuration("ask-timeout"),
        http.getDuration("max-wait"),
        config.getDuration("fxg.dispatch.max-duration"),
        http.getInt("max-pending-submissions"));
  }
}
