package dev.sluice.proxy.route;

import dev.sluice.config.model.HeaderMatcher;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/** One compiled header matcher of a generic route. */
final class HeaderCondition {
    private final AsciiString name;
    private final HeaderMatcher config;

    HeaderCondition(HeaderMatcher config) {
        this.name = AsciiString.of(config.name());
        this.config = config;
    }

    boolean matches(HttpHeaders headers) {
        return evaluate(headers.get(name)) != config.invert();
    }

    private boolean evaluate(String value) {
        if (config.present() != null) {
            return (value != null) == config.present();
        }
        if (value == null) {
            return false;
        }
        if (config.exact() != null) {
            return config.exact().equals(value);
        }
        if (config.prefix() != null) {
            return value.startsWith(config.prefix());
        }
        return config.regex().matcher(value).matches();
    }
}
