/**
 * Go's resolver, ported: {@link dev.netdial.resolver.Resolver} answers host, port and DNS
 * lookups the way Go's {@code net.Resolver} does, with Go's {@code DNSError} texts.
 *
 * <p>Go: {@code src/net/lookup.go}, {@code hosts.go}, {@code port_unix.go}, {@code cgo_unix.go},
 * {@code dnsclient_unix.go}, {@code dnsconfig_unix.go}, {@code conf.go}, {@code addrselect.go}.
 */
package dev.netdial.resolver;
