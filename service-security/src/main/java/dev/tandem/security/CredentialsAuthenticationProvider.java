package dev.tandem.security;

import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** HTTP basic against the configured user name and password; an accepted caller is an operator. */
final class CredentialsAuthenticationProvider implements AuthenticationProvider {

    /** What every authenticated caller of a Tandem service may do. */
    static final String OPERATOR_ROLE = "OPERATOR";

    static final List<GrantedAuthority> OPERATOR = List.of(new SimpleGrantedAuthority("ROLE_" + OPERATOR_ROLE));

    private final ServiceCredentials credentials;

    CredentialsAuthenticationProvider(ServiceCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        Object password = authentication.getCredentials();
        if (!credentials.acceptsPassword(authentication.getName(), password == null ? null : password.toString())) {
            throw new BadCredentialsException("Bad credentials");
        }
        return UsernamePasswordAuthenticationToken.authenticated(authentication.getName(), null, OPERATOR);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
