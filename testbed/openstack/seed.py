#!/usr/bin/python3
"""Seeds the OpenStack testbed as ../shared/seeds/ffp-integration-guide.txt describes, and verifies it.

    seed.py seed     create what is missing, fix what differs (idempotent; `up` runs it every time)
    seed.py verify   compare the cloud with the guide; print one line per check; exit 1 on any mismatch

Runs with Debian's /usr/bin/python3 and its openstacksdk (0.101, Zed). Settings come from the environment
(lib.sh exports them through openstack-testbed.sh); defaults match lib.sh.
"""
import json
import os
import subprocess
import sys
import time

import openstack
from openstack import exceptions as osexc

E = os.environ.get
STATE = E("STATE") or os.path.expanduser("~/.cache/traverse/openstack")
AUTH_URL = E("KS", "http://127.0.0.1:5000") + "/v3"
REGION = E("REGION", "RegionOne")
DOMAIN = E("DOMAIN", "Default")
ADMIN = (E("ADMIN_USER", "admin"), E("ADMIN_PASS", "adminpass"), E("ADMIN_PROJECT", "admin"))
MEMBER = (E("MEMBER_USER", "traverse"), E("MEMBER_PASS", "traversepass"), E("MEMBER_PROJECT", "traverse"))

# ---- what the guide lists ------------------------------------------------------------------------------
FLAVORS = [  # name, vcpus, ram MB, disk GB   (disk 0 = boot from volume)
    ("m1.tiny", 1, 256, 0), ("m1.small-bfv", 1, 2048, 0), ("m2.2", 2, 2048, 0), ("m1.small", 2, 2048, 20),
    ("m2.medium-bfv", 2, 4096, 0), ("m2.4", 2, 4096, 0), ("m1.large", 2, 8192, 0), ("m2.large-bfv", 2, 8192, 0),
    ("m8.20", 4, 8192, 0)]
IMAGES = {  # tiny but real qcow2 files (qemu-img create, 1 GiB virtual size); properties as a real cloud would set
    "ubuntu-22.04-jammy": {"os_distro": "ubuntu", "os_version": "22.04"},
    "rocky-9.3": {"os_distro": "rocky", "os_version": "9.3"},
    "almalinux-9": {"os_distro": "almalinux", "os_version": "9"},
    "centos-9-stream": {"os_distro": "centos", "os_version": "9"},
}
IMAGE_VIRTUAL_GB = 1
PUBLIC = dict(name="public", subnet="public-subnet", cidr="192.0.2.0/24", gateway="192.0.2.1",
              pool=("192.0.2.100", "192.0.2.200"), physnet="extnet")
FRONTIER = dict(name="frontier-net", subnet="frontier-subnet", cidr="10.20.0.0/24", gateway="10.20.0.1",
                router="frontier-router")
VOLUME_TYPES = {"__DEFAULT__": None, "rbd": {"volume_backend_name": "nfs1"}}  # None: cinder creates it itself
KEYPAIR = "default-keypair"   # the guide's `openstack server create ... --key-name default-keypair`
QUOTAS = {  # for the member project; generous so suites are not throttled (the guide's "5 at a time" is policy)
    "compute": dict(instances=50, cores=200, ram=409600, key_pairs=100),
    "volume": dict(volumes=100, gigabytes=2000, snapshots=100),
    "network": dict(networks=50, subnets=50, ports=500, routers=20, floating_ips=50,
                    security_groups=50, security_group_rules=500),
}
PROTECTED_META = {"owner": "ffp", "traverse-protected": "true"}
VDI = [("ffp-vdi-01", {"role": "vdi-desktop"}), ("ffp-vdi-02", {"role": "vdi-desktop"})]
VDI_FLAVOR, VDI_IMAGE = "m1.small", "ubuntu-22.04-jammy"   # image boot needs a flavor with disk > 0 for non-admins
FOREIGN_VOLUME = ("ffp-shared-data", 1, {"role": "vdi-profile-store"})
PROTECTED_FILE = os.path.join(STATE, "seed-protected.json")


def connect(user, password, project):
    # load_envvars/load_yaml_config off: a caller's OS_* (e.g. a sourced adminrc with OS_PROJECT_ID) or clouds.yaml
    # must not mix into these explicit credentials
    return openstack.connect(load_envvars=False, load_yaml_config=False, auth_url=AUTH_URL, username=user, password=password, project_name=project,
                             user_domain_name=DOMAIN, project_domain_name=DOMAIN, region_name=REGION,
                             interface="public", identity_api_version="3")


def log(msg):
    print("[seed] " + msg, flush=True)


def wait_status(get, wanted, timeout=180):
    deadline = time.time() + timeout
    while True:
        r = get()
        st = (r.status or "").lower()
        if st == wanted.lower():
            return r
        if st == "error" or time.time() > deadline:
            raise RuntimeError(f"{r.name} is {r.status}, wanted {wanted}")
        time.sleep(2)


# ---- seed ---------------------------------------------------------------------------------------------
def seed():
    a = connect(*ADMIN)
    idn = a.identity
    dom = idn.find_domain(DOMAIN) if DOMAIN != "Default" else None
    dom_id = dom.id if dom else "default"
    proj = idn.find_project(MEMBER[2], domain_id=dom_id, ignore_missing=True) or idn.create_project(
        name=MEMBER[2], domain_id=dom_id, description="Traverse migration target project (testbed)")
    admin_proj = idn.find_project(ADMIN[2], domain_id=dom_id)
    user = idn.find_user(MEMBER[0], domain_id=dom_id, ignore_missing=True)
    if not user:
        user = idn.create_user(name=MEMBER[0], password=MEMBER[1], domain_id=dom_id, default_project_id=proj.id)
        log(f"created user {MEMBER[0]}")
    member_role = idn.find_role("member")
    idn.assign_project_role_to_user(proj, user, member_role)
    # the admin may scope to the Traverse project too (e.g. to act on its resources as admin)
    idn.assign_project_role_to_user(proj, idn.find_user(ADMIN[0], domain_id=dom_id), idn.find_role("admin"))
    with open(os.path.join(STATE, "ids.env"), "w") as f:
        f.write(f"MEMBER_PROJECT_ID={proj.id}\nADMIN_PROJECT_ID={admin_proj.id}\n")

    # flavors: exact sizes; flavors are immutable, so a wrong one is replaced (running servers keep their copy)
    have = {f.name: f for f in a.compute.flavors(details=True, is_public=None)}
    for name, vcpus, ram, disk in FLAVORS:
        f = have.get(name)
        if f and (f.vcpus, f.ram, f.disk, f.is_public) == (vcpus, ram, disk, True):
            continue
        if f:
            log(f"replacing flavor {name} {f.vcpus}/{f.ram}/{f.disk} -> {vcpus}/{ram}/{disk}")
            a.compute.delete_flavor(f.id)
        a.compute.create_flavor(name=name, vcpus=vcpus, ram=ram, disk=disk, is_public=True)
        log(f"flavor {name} {vcpus}/{ram}/{disk}")

    # networks
    net = a.network
    pub = net.find_network(PUBLIC["name"])
    if not pub:
        pub = net.create_network(name=PUBLIC["name"], is_router_external=True, is_shared=True,
                                 provider_network_type="flat", provider_physical_network=PUBLIC["physnet"],
                                 project_id=admin_proj.id)
        log("network public")
    if not net.find_subnet(PUBLIC["subnet"], network_id=pub.id):
        net.create_subnet(name=PUBLIC["subnet"], network_id=pub.id, ip_version=4, cidr=PUBLIC["cidr"],
                          gateway_ip=PUBLIC["gateway"], is_dhcp_enabled=False,
                          allocation_pools=[{"start": PUBLIC["pool"][0], "end": PUBLIC["pool"][1]}])
    # frontier-net belongs to the Traverse project: only a network's owner (or admin) may set fixed MACs/IPs
    fr = net.find_network(FRONTIER["name"], project_id=proj.id)
    if not fr:
        fr = net.create_network(name=FRONTIER["name"], project_id=proj.id,
                                description="Primary workload network (use for migrated instances)")
        log("network frontier-net")
    sub = net.find_subnet(FRONTIER["subnet"], network_id=fr.id)
    if not sub:
        sub = net.create_subnet(name=FRONTIER["subnet"], network_id=fr.id, project_id=proj.id, ip_version=4,
                                cidr=FRONTIER["cidr"], gateway_ip=FRONTIER["gateway"], is_dhcp_enabled=True)
    rt = net.find_router(FRONTIER["router"], project_id=proj.id)
    if not rt:
        rt = net.create_router(name=FRONTIER["router"], project_id=proj.id,
                               external_gateway_info={"network_id": pub.id})
        net.add_interface_to_router(rt, subnet_id=sub.id)
        log("router frontier-router (frontier-subnet -> public)")

    # images: public, qcow2, tiny files made with qemu-img
    imgdir = os.path.join(STATE, "images")
    os.makedirs(imgdir, exist_ok=True)
    for name, props in IMAGES.items():
        found = list(a.image.images(name=name))
        if len(found) == 1 and found[0].status == "active":
            continue
        for i in found:
            a.image.delete_image(i)
        path = os.path.join(imgdir, name + ".qcow2")
        if not os.path.exists(path):
            subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", path, f"{IMAGE_VIRTUAL_GB}G"], check=True)
        img = a.image.create_image(name=name, disk_format="qcow2", container_format="bare", visibility="public",
                                   filename=path, wait=True, allow_duplicates=True,
                                   **dict(props, **{"traverse-testbed": "seed"}))
        log(f"image {name} ({img.id})")

    # volume types
    bs = a.block_storage
    for name, specs in VOLUME_TYPES.items():
        if specs is not None and not bs.find_type(name):
            bs.create_type(name=name, extra_specs=specs, description="NFS-backed stand-in for the guide's Ceph RBD type")
            log(f"volume type {name}")

    # quotas
    a.set_compute_quotas(proj.id, **QUOTAS["compute"])
    a.set_volume_quotas(proj.id, **QUOTAS["volume"])
    net.update_quota(proj.id, **QUOTAS["network"])

    # keypair (per user): same public key for admin and member; the private key stays in the state dir
    keyfile = os.path.join(STATE, KEYPAIR)
    if not os.path.exists(keyfile + ".pub"):
        from cryptography.hazmat.primitives import serialization as s
        from cryptography.hazmat.primitives.asymmetric import ed25519
        k = ed25519.Ed25519PrivateKey.generate()
        with open(os.open(keyfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
            f.write(k.private_bytes(s.Encoding.PEM, s.PrivateFormat.OpenSSH, s.NoEncryption()))
        with open(keyfile + ".pub", "wb") as f:
            f.write(k.public_key().public_bytes(s.Encoding.OpenSSH, s.PublicFormat.OpenSSH) + b" testbed\n")
    pubkey = open(keyfile + ".pub").read().strip()
    m = connect(*MEMBER)
    for c in (a, m):
        if not c.compute.find_keypair(KEYPAIR):
            c.compute.create_keypair(name=KEYPAIR, public_key=pubkey)

    # protected resources: not Traverse's, every test must leave them untouched (created as the member user,
    # so Traverse sees them exactly as it would see a colleague's resources in its project)
    protected = {}
    vname, vsize, vmeta = FOREIGN_VOLUME
    vols = [v for v in m.block_storage.volumes(name=vname)]
    vol = next((v for v in vols if v.status in ("available", "in-use")), None)
    if not vol:
        for v in vols:
            m.block_storage.delete_volume(v)
        vol = m.block_storage.create_volume(name=vname, size=vsize, metadata=dict(PROTECTED_META, **vmeta),
                                            description="Not a Traverse volume: tests must leave it untouched")
        vol = wait_status(lambda: m.block_storage.get_volume(vol.id), "available")
        log(f"volume {vname} ({vol.id})")
    if vol.metadata != dict(PROTECTED_META, **vmeta):   # a test changed it: put it back (PUT replaces all keys)
        m.block_storage.put(f"/volumes/{vol.id}/metadata", json={"metadata": dict(PROTECTED_META, **vmeta)})
        log(f"restored metadata of volume {vname}")
    protected[vname] = {"kind": "volume", "id": vol.id, "metadata": dict(PROTECTED_META, **vmeta)}
    flavor = m.compute.find_flavor(VDI_FLAVOR)
    image = m.image.find_image(VDI_IMAGE)
    for sname, smeta in VDI:
        srvs = list(m.compute.servers(name=f"^{sname}$"))
        srv = next((s for s in srvs if s.status == "ACTIVE"), None)
        if not srv:
            for s in srvs:
                m.compute.delete_server(s)
            srv = m.compute.create_server(name=sname, flavor_id=flavor.id, image_id=image.id,
                                          networks=[{"uuid": fr.id}], key_name=KEYPAIR,
                                          metadata=dict(PROTECTED_META, **smeta))
            srv = m.compute.wait_for_server(srv, status="ACTIVE", wait=180)
            log(f"server {sname} ({srv.id})")
        if srv.metadata != dict(PROTECTED_META, **smeta):
            m.compute.put(f"/servers/{srv.id}/metadata", json={"metadata": dict(PROTECTED_META, **smeta)})
            log(f"restored metadata of server {sname}")
        protected[sname] = {"kind": "server", "id": srv.id, "metadata": dict(PROTECTED_META, **smeta)}
    with open(PROTECTED_FILE, "w") as f:
        json.dump(protected, f, indent=1)
    log("seed complete")


# ---- verify -------------------------------------------------------------------------------------------
class Checker:
    def __init__(self):
        self.bad = 0

    def check(self, ok, what, detail=""):
        print(("ok        " if ok else "MISMATCH  ") + what + (f"  ({detail})" if detail else ""), flush=True)
        if not ok:
            self.bad += 1


def verify():
    c = Checker()
    a = connect(*ADMIN)
    try:
        m = connect(*MEMBER)
        m.authorize()
        c.check(True, f"member user {MEMBER[0]} authenticates in project {MEMBER[2]}")
    except Exception as e:  # noqa: BLE001
        c.check(False, f"member user {MEMBER[0]} authenticates in project {MEMBER[2]}", str(e)); return c.bad
    proj = a.identity.find_project(MEMBER[2], domain_id="default")
    roles = {r.role["id"] for r in a.identity.role_assignments(scope_project_id=proj.id,
                                                              user_id=m.current_user_id)}
    names = {a.identity.get_role(r).name for r in roles}
    c.check("member" in names and "admin" not in names, f"{MEMBER[0]} has role member (not admin) on {MEMBER[2]}",
            ",".join(sorted(names)))
    r = m.compute.post("/flavors", json={"flavor": {"name": "verify-forbidden", "vcpus": 1, "ram": 64, "disk": 0}})
    c.check(r.status_code == 403, "member may not create flavors (403)", f"HTTP {r.status_code}")
    if r.status_code < 300:
        a.compute.delete_flavor(r.json()["flavor"]["id"])

    have = {f.name: f for f in a.compute.flavors(details=True, is_public=None)}
    for name, vcpus, ram, disk in FLAVORS:
        f = have.get(name)
        got = f"{f.vcpus}/{f.ram}/{f.disk}{'' if f.is_public else ' private'}" if f else "missing"
        c.check(bool(f) and (f.vcpus, f.ram, f.disk, f.is_public) == (vcpus, ram, disk, True),
                f"flavor {name} {vcpus} vCPU / {ram} MB / {disk} GB", got)
    mf = {f.name for f in m.compute.flavors()}
    c.check(all(n in mf for n, *_ in FLAVORS), "member sees the nine flavors")

    pub = a.network.find_network(PUBLIC["name"])
    c.check(bool(pub) and pub.is_router_external and pub.is_shared and pub.status == "ACTIVE",
            "network public: external, shared, ACTIVE", pub.status if pub else "missing")
    fr = m.network.find_network(FRONTIER["name"])
    c.check(bool(fr) and fr.status == "ACTIVE" and fr.project_id == proj.id,
            f"network frontier-net: ACTIVE, owned by {MEMBER[2]}", fr.status if fr else "missing")
    if fr:
        subs = list(m.network.subnets(network_id=fr.id))
        c.check(any(s.name == FRONTIER["subnet"] and s.cidr == FRONTIER["cidr"] for s in subs),
                f"frontier-net has subnet {FRONTIER['subnet']} {FRONTIER['cidr']}", ",".join(s.cidr for s in subs))
    c.check(bool(m.network.find_router(FRONTIER["router"])), "router frontier-router (frontier-net -> public)")

    for name in IMAGES:
        imgs = list(m.image.images(name=name))
        c.check(len(imgs) == 1 and imgs[0].status == "active" and imgs[0].visibility == "public",
                f"image {name}: one, active, public", ",".join(f"{i.status}/{i.visibility}" for i in imgs) or "missing")

    types = {t.name: t for t in a.block_storage.types()}
    for name in VOLUME_TYPES:
        c.check(name in types, f"volume type {name}")
    r = m.block_storage.get("/types/default")
    dflt = r.json().get("volume_type", {}).get("name") if r.status_code == 200 else f"HTTP {r.status_code}"
    c.check(dflt == "__DEFAULT__", "default volume type __DEFAULT__", dflt)

    cq = a.get_compute_quotas(proj.id)
    vq = a.get_volume_quotas(proj.id)
    nq = a.network.get_quota(proj.id)
    for k, v in QUOTAS["compute"].items():
        c.check(cq[k] >= v, f"compute quota {k} >= {v}", cq[k])
    for k, v in QUOTAS["volume"].items():
        c.check(vq[k] >= v, f"volume quota {k} >= {v}", vq[k])
    for k, v in QUOTAS["network"].items():
        c.check(getattr(nq, k) >= v, f"network quota {k} >= {v}", getattr(nq, k))
    c.check(bool(m.compute.find_keypair(KEYPAIR)), f"member keypair {KEYPAIR}")

    try:
        protected = json.load(open(PROTECTED_FILE))
    except OSError:
        protected = {}
    c.check(len(protected) == 1 + len(VDI), "record of the protected resources", PROTECTED_FILE)
    for name, p in protected.items():
        if p["kind"] == "volume":
            try:
                v = m.block_storage.get_volume(p["id"])
                same = v.name == name and v.status == "available" and v.metadata == p["metadata"]
                c.check(same, f"protected volume {name} untouched", f"{v.status} {v.metadata}")
            except osexc.ResourceNotFound:
                c.check(False, f"protected volume {name} untouched", f"{p['id']} deleted")
        else:
            try:
                s = m.compute.get_server(p["id"])
                same = s.name == name and s.status == "ACTIVE" and s.metadata == p["metadata"] \
                    and s.flavor.get("original_name", s.flavor.get("name")) == VDI_FLAVOR
                c.check(same, f"protected server {name} untouched", f"{s.status} {s.metadata}")
            except osexc.ResourceNotFound:
                c.check(False, f"protected server {name} untouched", f"{p['id']} deleted")
    print(("SEED OK" if c.bad == 0 else f"SEED MISMATCH: {c.bad} check(s) failed"), flush=True)
    return c.bad


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "seed"
    if mode == "seed":
        seed()
    elif mode == "verify":
        sys.exit(1 if verify() else 0)
    else:
        sys.exit("usage: seed.py seed|verify")
