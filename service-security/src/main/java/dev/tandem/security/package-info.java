/**
 * The HTTP security of Tandem's own services, the retry consumer and the reconciler: {@link
 * dev.tandem.security.ServiceSecurityConfiguration} (imported by each service) asks for HTTP basic
 * credentials or a bearer token, both from {@link dev.tandem.security.ServiceSecurityProperties}
 * ({@code tandem.security.*}), on every request that changes something and on every read that shows
 * rows or keys; the operational reads (health without details, info, metrics) stay open. Applications
 * that embed the dual writer never depend on this module.
 */
@NonNullApi
package dev.tandem.security;

import org.springframework.lang.NonNullApi;
