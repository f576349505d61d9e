package dev.tandem.security;

import jakarta.servlet.DispatcherType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * The security of a Tandem service's web endpoints, for the service to {@code @Import}: with {@code
 * tandem.security.enabled} (the default) every request needs HTTP basic credentials or the bearer
 * token, except reads ({@code GET}, {@code HEAD}) of {@code tandem.security.public-paths}; so {@code
 * POST /api/runs}, the DLT's replay and purge, the runs and the dead letters themselves (they show
 * keys and values) all need credentials, while probes and Prometheus scrapes need none. Health
 * details are shown to authenticated callers when the service sets {@code
 * management.endpoint.health.show-details=when-authorized}.
 *
 * <p>No session, no cookie: each request carries its credentials, so CSRF tokens are not asked for.
 * Without a servlet web server (the command line) nothing here is created.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ServiceSecurityProperties.class)
public class ServiceSecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ServiceSecurityConfiguration.class);

    @Bean
    ServiceCredentials tandemServiceCredentials(ServiceSecurityProperties properties) {
        return properties.enabled() ? ServiceCredentials.of(properties) : ServiceCredentials.none();
    }

    /* Also keeps Spring Boot from generating a user with a logged password. */
    @Bean
    AuthenticationProvider tandemCredentialsProvider(ServiceCredentials credentials) {
        return new CredentialsAuthenticationProvider(credentials);
    }

    @Bean
    SecurityFilterChain tandemServiceSecurity(
            HttpSecurity http, ServiceSecurityProperties properties, ServiceCredentials credentials) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable);
        if (!properties.enabled()) {
            log.warn("tandem.security.enabled=false: every endpoint of this service answers anyone who reaches its"
                    + " port, including those that repair rows, replay or purge dead letters; health details are"
                    + " hidden");
            return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
        }
        CredentialsEntryPoint entryPoint = new CredentialsEntryPoint(credentials);
        if (credentials.hasPassword()) {
            // Checked by the tandemCredentialsProvider bean, the only provider of the context.
            http.httpBasic(basic -> basic.realmName(CredentialsEntryPoint.REALM).authenticationEntryPoint(entryPoint));
        } else {
            http.httpBasic(AbstractHttpConfigurer::disable);
        }
        if (credentials.hasToken()) {
            http.addFilterBefore(new BearerTokenFilter(credentials, entryPoint), BasicAuthenticationFilter.class);
        }
        http.exceptionHandling(e -> e.authenticationEntryPoint(entryPoint)).authorizeHttpRequests(a -> {
            // The error page of a request already let through (or refused) answers as that request.
            a.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
            String[] open = properties.publicPaths().toArray(String[]::new);
            if (open.length > 0) {
                a.requestMatchers(HttpMethod.GET, open).permitAll();
                a.requestMatchers(HttpMethod.HEAD, open).permitAll();
            }
            a.anyRequest().hasRole(CredentialsAuthenticationProvider.OPERATOR_ROLE);
        });
        log.info(
                "Endpoints secured: {} needed, except reads of {}",
                credentials.hasPassword() && credentials.hasToken()
                        ? "HTTP basic or the bearer token"
                        : credentials.hasPassword() ? "HTTP basic" : "the bearer token",
                properties.publicPaths());
        return http.build();
    }
}
