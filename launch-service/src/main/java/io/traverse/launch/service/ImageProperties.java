package io.traverse.launch.service;

import io.traverse.events.Firmware;
import io.traverse.events.SourceVm;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Glance-style image properties Nova reads from a bootable volume ({@code volume_image_metadata}) to build the
 * guest: virtio disk and NIC (the conversion made the guest ready for them), the firmware the source booted with
 * (UEFI needs the q35 machine type), and the OS type and distribution from vSphere's guest id.
 */
public final class ImageProperties {

    private ImageProperties() {
    }

    public static Map<String, String> of(SourceVm vm) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("hw_disk_bus", "virtio");
        p.put("hw_vif_model", "virtio");
        if (vm.firmware() == Firmware.EFI) {
            p.put("hw_firmware_type", "uefi");
            p.put("hw_machine_type", "q35");
        } else {
            p.put("hw_firmware_type", "bios");
        }
        String guest = vm.guestId().toLowerCase(Locale.ROOT);
        p.put("os_type", guest.startsWith("win") ? "windows" : "linux");
        String distro = distro(guest);
        if (distro != null) {
            p.put("os_distro", distro);
        }
        return p;
    }

    /** libosinfo-style short names Nova and Glance know, for the guest ids vSphere uses most. */
    static String distro(String guestId) {
        if (guestId.startsWith("win")) {
            return "windows";
        }
        String[][] prefixes = {
                {"rhel", "rhel"}, {"centos", "centos"}, {"rocky", "rocky"}, {"almalinux", "almalinux"},
                {"oracle", "ol"}, {"ubuntu", "ubuntu"}, {"debian", "debian"}, {"sles", "sles"}, {"opensuse", "opensuse"},
                {"fedora", "fedora"}, {"freebsd", "freebsd"}};
        for (String[] p : prefixes) {
            if (guestId.startsWith(p[0])) {
                return p[1];
            }
        }
        return null;
    }
}
