package io.traverse.network.port;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which guest addresses a subnet contains: the test of whether a guest's IP can be kept on its new port. */
class GuestAddressTest {

    @ParameterizedTest(name = "{0} in {1}: {2}")
    @CsvSource({
            "10.20.0.42, 10.20.0.0/24, true",
            "10.20.0.0, 10.20.0.0/24, true",
            "10.20.0.255, 10.20.0.0/24, true",
            "10.20.1.1, 10.20.0.0/24, false",
            "192.168.77.10, 10.20.0.0/24, false",
            "10.20.0.42, 10.0.0.0/8, true",
            "10.20.0.42, 0.0.0.0/0, true",
            "10.20.0.42, 10.20.0.42/32, true",
            "10.20.0.43, 10.20.0.42/32, false",
            "2001:db8::5, 2001:db8::/64, true",
            "2001:db9::5, 2001:db8::/64, false",
            "fe80::1, 10.20.0.0/24, false",
            "10.20.0.42, 2001:db8::/64, false",
            "not-an-ip, 10.20.0.0/24, false",
            "10.20.0.42, 10.20.0.0, false",
            "10.20.0.42, 10.20.0.0/33, false",
            "10.20.0.42, 10.20.0.0/x, false",
    })
    void aSubnetContainsExactlyTheAddressesOfItsPrefix(String ip, String cidr, boolean contained) {
        assertEquals(contained, GuestAddress.inCidr(ip, cidr));
    }
}
