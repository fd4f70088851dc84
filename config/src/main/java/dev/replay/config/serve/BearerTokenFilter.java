package dev.replay.config.serve;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Accepts {@code Authorization: Bearer <replay.serve.token>}, compared in constant time; a wrong
 * token is answered 401 at once. Requests without a bearer token pass on to HTTP basic.
 */
class BearerTokenFilter extends OncePerRequestFilter {

    private static final String PREFIX = "Bearer ";

    private final String token;

    BearerTokenFilter(String token) {
        this.token = token == null || token.isBlank() ? null : token;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            chain.doFilter(request, response);
            return;
        }
        if (!ConfiguredCredentials.equal(token, header.substring(PREFIX.length()).strip())) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"replay\"");
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "Bad token");
            return;
        }
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated("token", null, ConfiguredCredentials.OPERATOR));
        chain.doFilter(request, response);
    }
}
