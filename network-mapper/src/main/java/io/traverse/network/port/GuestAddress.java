package io.traverse.network.port;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** Whether an address lies in a subnet's CIDR (IPv4 or IPv6), for keeping a guest's IP on its new port. */
final class GuestAddress {

    private GuestAddress() {
    }

    /** True when {@code ip} is inside {@code cidr} (e.g. {@code 10.20.0.0/24}); false for anything unparsable. */
    static boolean inCidr(String ip, String cidr) {
        int slash = cidr == null ? -1 : cidr.indexOf('/');
        Optional<byte[]> address = parse(ip);
        Optional<byte[]> network = slash < 0 ? Optional.empty() : parse(cidr.substring(0, slash));
        if (address.isEmpty() || network.isEmpty() || address.get().length != network.get().length) {
            return false;
        }
        int bits = address.get().length * 8;
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        if (prefix < 0 || prefix > bits) {
            return false;
        }
        BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
        return new BigInteger(1, address.get()).and(mask).equals(new BigInteger(1, network.get()).and(mask));
    }

    /** Only literal addresses: never a name lookup. */
    private static Optional<byte[]> parse(String ip) {
        if (ip == null || ip.isBlank() || !ip.matches("[0-9a-fA-F:.]+")) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(ip).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
