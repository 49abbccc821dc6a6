package dev.netdial.resolver.message;

/**
 * The type-specific part of a resource record.
 *
 * <p>Go: {@code golang.org/x/net/dns/dnsmessage/message.go} {@code ResourceBody}.
 * <p>Differs: sealed; packing and parsing dispatch over the permitted records in
 * {@link Resource} instead of through interface methods, so that the packing buffer stays
 * package-private.
 */
public sealed interface ResourceBody permits AResource, AAAAResource, CNAMEResource, NSResource,
        PTRResource, MXResource, SRVResource, TXTResource, SOAResource, OPTResource, UnknownResource {

    /**
     * The type packing puts in the record's header.
     *
     * <p>Go: {@code ResourceBody.realType}.
     */
    Type realType();

    /**
     * Go's {@code %#v} form.
     *
     * <p>Go: {@code ResourceBody.GoString}.
     */
    String goString();
}
