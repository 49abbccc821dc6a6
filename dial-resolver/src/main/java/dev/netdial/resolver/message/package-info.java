/**
 * DNS wire format: parse and pack messages, bounded against hostile input.
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage}.
 */
package dev.netdial.resolver.message;
