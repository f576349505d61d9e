/**
 * Settings shared by the services and the starter: {@link dev.tandem.core.config.Redaction} keeps
 * secrets out of logs, errors and {@code toString}; {@link dev.tandem.core.config.SettingKeys} names
 * the property that an invalid setting came from.
 */
package dev.tandem.core.config;
