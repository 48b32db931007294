#!/usr/bin/env bash
# vcsim.sh - build and run VMware's vCenter simulator (govmomi vcsim) from Debian packages only.
#
#   testbed/vcsim/vcsim.sh [start]   install deps if missing, build (cached), start vcsim on 127.0.0.1:8989
#   testbed/vcsim/vcsim.sh stop      stop the vcsim this script started (pid file)
#   testbed/vcsim/vcsim.sh status    print state / env
#   testbed/vcsim/vcsim.sh build     only install + build
#   testbed/vcsim/vcsim.sh env       print the env file (eval "$(vcsim.sh env)")
#
# Debian bookworm's golang-github-vmware-govmomi-dev (0.24.2) ships the govmomi library + simulator
# package but NOT the upstream vcsim/ and govc/ commands, so this script carries its own small
# vcsim main (flag-compatible subset) and a 'govc-lite' CLI, built in GOPATH mode with
# GO111MODULE=off against a copy of /usr/share/gocode. The copy gets one patch: vim25/xml writes
# xsi:type after a struct's own attributes, so vijava/yavijava read ManagedObjectReference type= correctly.
#
# Env overrides:
#   VCSIM_BIN_DIR   (default ~/.cache/traverse/bin)     where vcsim and govc-lite go
#   VCSIM_STATE_DIR (default ~/.cache/traverse/vcsim)   pid, env, log
#   VCSIM_BUILD_DIR (default ~/.cache/traverse/vcsim-build)  Go build tree + Go build cache (shared by all state dirs)
#   VCSIM_LISTEN    (default 127.0.0.1:8989)
#   VCSIM_WATCH_PID (optional) stop vcsim when this process exits (used by the Java test resources,
#                   so a killed test JVM does not leave a simulator behind)
#   VCSIM_ARGS      (default: 1 DC, 2 clusters x 3 hosts, no standalone host, 15 VMs per cluster
#                    = 30 VMs, 2 datastores, 10 GiB disks, -compat 6.0)
# The env file written on start contains: GOVC_URL GOVC_INSECURE GOVC_USERNAME GOVC_PASSWORD VCSIM_PID
# VCSIM_URL VCSIM_SDK_URL VCSIM_HOST VCSIM_PORT.
set -euo pipefail

BIN_DIR=${VCSIM_BIN_DIR:-$HOME/.cache/traverse/bin}
STATE_DIR=${VCSIM_STATE_DIR:-$HOME/.cache/traverse/vcsim}
LISTEN=${VCSIM_LISTEN:-127.0.0.1:8989}
DEFAULT_ARGS="-dc 1 -cluster 2 -host 3 -standalone-host 0 -vm 15 -ds 2 -disk-mb 10240 -compat 6.0"
ARGS=${VCSIM_ARGS:-$DEFAULT_ARGS}
PID_FILE=$STATE_DIR/vcsim.pid
ENV_FILE=$STATE_DIR/vcsim.env
LOG_FILE=$STATE_DIR/vcsim.log
BUILD_DIR=${VCSIM_BUILD_DIR:-$HOME/.cache/traverse/vcsim-build}
GOVMOMI_SYS=/usr/share/gocode/src/github.com/vmware/govmomi

log() { echo "vcsim.sh: $*" >&2; }

apt_install() {
  local missing=()
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  local SUDO=; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || {
    $SUDO apt-get -o DPkg::Lock::Timeout=600 update >/dev/null
    $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}" >/dev/null
  }
}

write_sources() { # $1 = GOPATH root
  mkdir -p "$1/src/traverse/vcsim" "$1/src/traverse/govc-lite"
  cat > "$1/src/traverse/vcsim/main.go" <<'GOEOF'
// Minimal vcsim front-end for the govmomi simulator library shipped by
// Debian's golang-github-vmware-govmomi-dev (0.24.x), which ships the
// simulator package but not the upstream vcsim/ or govc/ commands.
package main

import (
	"crypto/tls"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"os/signal"
	"reflect"
	"sort"
	"syscall"
	"time"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"

	// optional endpoints (REST /rest + /api, lookup, pbm, sts ...)
	_ "github.com/vmware/govmomi/lookup/simulator"
	_ "github.com/vmware/govmomi/pbm/simulator"
	_ "github.com/vmware/govmomi/sts/simulator"
	_ "github.com/vmware/govmomi/vapi/simulator"
)

func main() {
	m := simulator.VPX()
	flag.IntVar(&m.Datacenter, "dc", m.Datacenter, "datacenters")
	flag.IntVar(&m.Cluster, "cluster", m.Cluster, "clusters per datacenter")
	flag.IntVar(&m.ClusterHost, "host", m.ClusterHost, "hosts per cluster")
	flag.IntVar(&m.Host, "standalone-host", m.Host, "standalone hosts per datacenter")
	flag.IntVar(&m.Datastore, "ds", m.Datastore, "local datastores")
	flag.IntVar(&m.Machine, "vm", m.Machine, "VMs per resource pool (each cluster root pool and each standalone host)")
	flag.IntVar(&m.Pool, "pool", m.Pool, "child resource pools per cluster")
	flag.IntVar(&m.App, "app", m.App, "vApps per cluster")
	flag.IntVar(&m.Pod, "pod", m.Pod, "storage pods per datacenter")
	flag.IntVar(&m.Portgroup, "pg", m.Portgroup, "DV port groups per datacenter")
	flag.IntVar(&m.Folder, "folder", m.Folder, "folders")
	flag.BoolVar(&m.Autostart, "autostart", m.Autostart, "power on model VMs")
	diskMB := flag.Int64("disk-mb", 10240, "reported capacity of each model VM disk in MiB (library default is 1)")
	listen := flag.String("l", "127.0.0.1:8989", "listen address")
	user := flag.String("username", "", "only accept this user (default: any)")
	pass := flag.String("password", "", "only accept this password (default: any)")
	useTLS := flag.Bool("tls", true, "serve https with a self-signed cert")
	cert := flag.String("tlscert", "", "TLS cert file")
	key := flag.String("tlskey", "", "TLS key file")
	envFile := flag.String("E", "", "also write 'export GOVC_URL=...' to this file")
	compat := flag.String("compat", "", "hide ServiceContent managers newer than this API (5.1 or 6.0) for old SOAP clients such as vijava 5.1 / yavijava 6.0")
	flag.BoolVar(&simulator.Trace, "trace", false, "trace SOAP to stderr")
	flag.Parse()

	start := time.Now()
	if err := m.Create(); err != nil {
		log.Fatal(err)
	}
	simulator.TraverseEnableCbt() // QueryChangedDiskAreas from the real disk files (traverse_cbt.go)
	if *diskMB > 0 {
		for _, obj := range simulator.Map.All("VirtualMachine") {
			vm := obj.(*simulator.VirtualMachine)
			for _, d := range vm.Config.Hardware.Device {
				if disk, ok := d.(*types.VirtualDisk); ok {
					disk.CapacityInKB = *diskMB * 1024
					disk.CapacityInBytes = *diskMB * 1024 * 1024
				}
			}
			setSummary(&vm.VirtualMachine, *diskMB)
		}
	}
	// the library gives every model VM the same template MAC; make them unique
	all := simulator.Map.All("VirtualMachine")
	sort.Slice(all, func(a, b int) bool { return all[a].(*simulator.VirtualMachine).Name < all[b].(*simulator.VirtualMachine).Name })
	for i, obj := range all { // stable MACs: 00:50:56:00:00:<index by VM name>
		vm := obj.(*simulator.VirtualMachine)
		for j, d := range vm.Config.Hardware.Device {
			if _, ok := d.(types.BaseVirtualEthernetCard); ok {
				// model VMs of one pool share the same NIC struct: copy before editing
				cp := reflect.New(reflect.TypeOf(d).Elem())
				cp.Elem().Set(reflect.ValueOf(d).Elem())
				vm.Config.Hardware.Device[j] = cp.Interface().(types.BaseVirtualDevice)
				c := cp.Interface().(types.BaseVirtualEthernetCard).GetVirtualEthernetCard()
				c.MacAddress = fmt.Sprintf("00:50:56:%02x:%02x:%02x", (i>>16)&0x3f, (i>>8)&0xff, i&0xff)
				c.AddressType = string(types.VirtualEthernetCardMacTypeAssigned)
			}
		}
	}
	created := time.Since(start)
	if *compat != "" {
		hideNewManagers(*compat)
	}

	u := &url.URL{Host: *listen}
	if *user != "" {
		u.User = url.UserPassword(*user, *pass)
	}
	m.Service.Listen = u
	m.Service.RegisterEndpoints = true
	if *useTLS {
		m.Service.TLS = new(tls.Config)
		if *cert != "" {
			c, err := tls.LoadX509KeyPair(*cert, *key)
			if err != nil {
				log.Fatal(err)
			}
			m.Service.TLS.Certificates = []tls.Certificate{c}
		}
	}
	s := m.Service.NewServer()
	line := fmt.Sprintf("export GOVC_URL=%s GOVC_SIM_PID=%d GOVC_INSECURE=1\n", s.URL, os.Getpid())
	fmt.Print(line)
	fmt.Fprintf(os.Stderr, "vcsim: model created in %s (%d VMs), listening on %s\n", created, len(simulator.Map.All("VirtualMachine")), s.URL.Host)
	if *envFile != "" {
		if err := os.WriteFile(*envFile, []byte(line), 0600); err != nil {
			log.Fatal(err)
		}
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	<-sig
	s.Close()
	m.Remove()
}

func setSummary(vm *mo.VirtualMachine, diskMB int64) {
	if vm.Summary.Storage != nil {
		vm.Summary.Storage.Uncommitted = diskMB * 1024 * 1024
	}
}

// hideNewManagers removes ServiceContent fields that old clients cannot
// deserialize (vijava/yavijava fail with NoSuchFieldException on any unknown
// element; vcsim 0.24 ignores the client's urn:vim25/X.Y version).
func hideNewManagers(level string) {
	si := simulator.Map.Get(vim25.ServiceInstance).(*simulator.ServiceInstance)
	c := &si.Content
	// added in 6.5+
	c.VStorageObjectManager, c.HostSpecManager, c.CryptoManager, c.HealthUpdateManager = nil, nil, nil, nil
	c.FailoverClusterConfigurator, c.FailoverClusterManager, c.TenantManager, c.SiteInfoManager, c.StorageQueryManager = nil, nil, nil, nil, nil
	if level == "5.1" || level == "5.5" {
		c.OverheadMemoryManager, c.CertificateManager, c.IoFilterManager = nil, nil, nil
	}
	if level == "5.1" {
		c.DatastoreNamespaceManager = nil
	}
	c.GuestCustomizationManager = nil // 7.0
}
GOEOF
  # Traverse's CBT for the simulator (QueryChangedDiskAreas from the real disk files), added to the govmomi copy
  cat > "$1/src/github.com/vmware/govmomi/simulator/traverse_cbt.go" <<'GOEOF'
// Traverse addition to the govmomi 0.24 simulator (not upstream): Changed Block Tracking answered from the
// real disk files on the simulator's datastores. vcsim makes no delta disks and 0.24 does not implement
// QueryChangedDiskAreas, so:
//   - when a snapshot is created, the state of each disk's data file (<name>-flat.vmdk, or the .vmdk itself
//     when it is not a text descriptor) is recorded block by block (64 KiB blocks: allocated? crc32c+crc32),
//     (blocks of zeros count as unallocated, since vcsim's /folder PUT writes a file's holes as zeros),
//     under a new change id per disk ("52 <16 hex bytes>/<n>", n advancing with each snapshot); the snapshot's
//     and the VM's disk backing get that changeId;
//   - QueryChangedDiskAreas(snapshot, deviceKey, startOffset, changeId) answers with the blocks that differ
//     between the state recorded under changeId and the snapshot's, or, for changeId "*", the snapshot's
//     allocated blocks (found with SEEK_DATA/SEEK_HOLE), merged into extents.
// Writes to the files between two snapshots play the guest's writes. Reading the disk while it is written is
// not isolated (there are no delta disks): tests write only between rounds.
package simulator

import (
	"bytes"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path"
	"strings"
	"sync"
	"syscall"

	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

const cbtBlock = 64 * 1024

type cbtBlockSum struct {
	alloc bool
	c, i  uint32
}

type cbtDiskState struct {
	vm   types.ManagedObjectReference
	key  int32
	size int64
	sums []cbtBlockSum
}

type traverseCbt struct {
	mu     sync.Mutex
	seq    map[string]int                     // per disk id: last change id sequence
	states map[string]*cbtDiskState           // change id -> recorded disk state
	snaps  map[types.ManagedObjectReference]map[int32]string // snapshot -> disk key -> change id
}

var cbt = &traverseCbt{seq: map[string]int{}, states: map[string]*cbtDiskState{}, snaps: map[types.ManagedObjectReference]map[int32]string{}}

var cbtCastagnoli = crc32.MakeTable(crc32.Castagnoli)

// TraverseEnableCbt registers the snapshot hook; vcsim's main calls it after the model is created.
func TraverseEnableCbt() { Map.AddHandler(cbt) }

func (c *traverseCbt) Reference() types.ManagedObjectReference {
	return types.ManagedObjectReference{Type: "TraverseCbt", Value: "traverse-cbt"}
}

func (c *traverseCbt) UpdateObject(mo.Reference, []types.PropertyChange) {}

func (c *traverseCbt) RemoveObject(ref types.ManagedObjectReference) {
	c.mu.Lock()
	delete(c.snaps, ref) // change ids stay valid: a later round asks for changes since them
	c.mu.Unlock()
}

func (c *traverseCbt) PutObject(obj mo.Reference) {
	snap, ok := obj.(*VirtualMachineSnapshot)
	if !ok {
		return
	}
	vm, ok := Map.Get(snap.Vm).(*VirtualMachine)
	if !ok || vm.Config == nil {
		return
	}
	ids := map[int32]string{}
	// the snapshot's config is a shallow copy of the VM's: give it its own disk devices so its changeIds stay fixed
	devices := make([]types.BaseVirtualDevice, len(snap.Config.Hardware.Device))
	copy(devices, snap.Config.Hardware.Device)
	for i, d := range devices {
		disk, ok := d.(*types.VirtualDisk)
		if !ok {
			continue
		}
		backing, ok := disk.Backing.(*types.VirtualDiskFlatVer2BackingInfo)
		if !ok {
			continue
		}
		state, err := cbtReadState(vm, disk, backing.FileName)
		if err != nil {
			fmt.Fprintf(os.Stderr, "vcsim cbt: %s disk %d: %v\n", vm.Name, disk.Key, err)
			continue
		}
		id := c.record(vm, disk.Key, state)
		ids[disk.Key] = id
		dc, bc := *disk, *backing
		bc.ChangeId = id
		dc.Backing = &bc
		devices[i] = &dc
		backing.ChangeId = id // the VM's current disk: its latest change id
	}
	hw := snap.Config.Hardware
	hw.Device = devices
	snap.Config.Hardware = hw
	c.mu.Lock()
	c.snaps[snap.Self] = ids
	c.mu.Unlock()
}

func (c *traverseCbt) record(vm *VirtualMachine, key int32, state *cbtDiskState) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	diskID := cbtDiskID(vm.Config.Uuid, key)
	c.seq[diskID]++
	id := fmt.Sprintf("%s/%d", diskID, c.seq[diskID])
	c.states[id] = state
	return id
}

// cbtDiskID looks like the uuid part of a real change id: "52 de c0 d9 b9 43 9d 10-61 d5 4c 1b e9 7b 65 63".
func cbtDiskID(vmUUID string, key int32) string {
	h := strings.ReplaceAll(vmUUID, "-", "")
	for len(h) < 32 {
		h += "0"
	}
	b := []byte(fmt.Sprintf("%s%08x", h[:24], uint32(key)))
	var parts []string
	for i := 0; i < 32; i += 2 {
		parts = append(parts, string(b[i:i+2]))
	}
	return strings.Join(parts[:8], " ") + "-" + strings.Join(parts[8:], " ")
}

// cbtDataFile maps "[ds] dir/name.vmdk" to the local data file: name-flat.vmdk when it exists and is not empty,
// else name.vmdk itself (a raw or sparse file uploaded in place of the descriptor).
func cbtDataFile(vm *VirtualMachine, fileName string) (string, error) {
	p, fault := parseDatastorePath(fileName)
	if fault != nil {
		return "", fmt.Errorf("bad datastore path %q", fileName)
	}
	host, ok := Map.Get(*vm.Runtime.Host).(*HostSystem)
	if !ok {
		return "", fmt.Errorf("no host")
	}
	ds, ok := Map.FindByName(p.Datastore, host.Datastore).(*Datastore)
	if !ok {
		return "", fmt.Errorf("no datastore %s", p.Datastore)
	}
	local := path.Join(ds.Info.GetDatastoreInfo().Url, p.Path)
	flat := strings.TrimSuffix(local, ".vmdk") + "-flat.vmdk"
	if st, err := os.Stat(flat); err == nil && st.Size() > 0 {
		return flat, nil
	}
	return local, nil
}

const seekData, seekHole = 3, 4

func cbtReadState(vm *VirtualMachine, disk *types.VirtualDisk, fileName string) (*cbtDiskState, error) {
	file, err := cbtDataFile(vm, fileName)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := st.Size()
	if size > 0 && size < 4096 {
		head := make([]byte, size)
		if _, err := io.ReadFull(f, head); err == nil && bytes.Contains(head, []byte("# Disk DescriptorFile")) {
			size = 0 // a descriptor whose flat file is still the 0-byte placeholder: an empty disk
		}
	}
	state := &cbtDiskState{vm: vm.Self, key: disk.Key, size: size, sums: make([]cbtBlockSum, (size+cbtBlock-1)/cbtBlock)}
	buf := make([]byte, cbtBlock)
	fd := int(f.Fd())
	for off := int64(0); off < size; {
		data, err := cbtSeek(fd, off, seekData)
		if err != nil || data >= size {
			break // the rest is a hole
		}
		hole, err := cbtSeek(fd, data, seekHole)
		if err != nil || hole > size {
			hole = size
		}
		for b := data / cbtBlock; b*cbtBlock < hole; b++ {
			n, err := f.ReadAt(buf, b*cbtBlock)
			if err != nil && err != io.EOF {
				return nil, err
			}
			if cbtAllZero(buf[:n]) {
				continue // vcsim's /folder PUT writes zeros as data; a thin disk would not have these blocks
			}
			state.sums[b] = cbtBlockSum{alloc: true, c: crc32.Checksum(buf[:n], cbtCastagnoli), i: crc32.ChecksumIEEE(buf[:n])}
		}
		off = ((hole + cbtBlock - 1) / cbtBlock) * cbtBlock
	}
	return state, nil
}

// QueryChangedDiskAreas answers from the states recorded at snapshot time (see the file comment).
func (vm *VirtualMachine) QueryChangedDiskAreas(req *types.QueryChangedDiskAreas) soap.HasFault {
	body := &methods.QueryChangedDiskAreasBody{}
	if vm.Config.ChangeTrackingEnabled == nil || !*vm.Config.ChangeTrackingEnabled {
		body.Fault_ = Fault("Change tracking is not enabled for this virtual machine", &types.InvalidState{})
		return body
	}
	if req.Snapshot == nil {
		body.Fault_ = Fault("a snapshot is required", &types.InvalidArgument{InvalidProperty: "snapshot"})
		return body
	}
	var capacity int64
	for _, d := range vm.Config.Hardware.Device {
		if disk, ok := d.(*types.VirtualDisk); ok && disk.Key == req.DeviceKey {
			capacity = disk.CapacityInBytes
		}
	}
	cbt.mu.Lock()
	defer cbt.mu.Unlock()
	ids, ok := cbt.snaps[*req.Snapshot]
	if !ok {
		body.Fault_ = Fault("snapshot not found", &types.ManagedObjectNotFound{Obj: *req.Snapshot})
		return body
	}
	now := cbt.states[ids[req.DeviceKey]]
	if now == nil {
		body.Fault_ = Fault(fmt.Sprintf("no disk with key %d in the snapshot", req.DeviceKey), &types.InvalidArgument{InvalidProperty: "deviceKey"})
		return body
	}
	if now.size > capacity {
		capacity = now.size
	}
	var base *cbtDiskState
	if req.ChangeId != "*" {
		base = cbt.states[req.ChangeId]
		if base == nil || base.vm != vm.Self || base.key != req.DeviceKey {
			body.Fault_ = Fault("unknown change id "+req.ChangeId, &types.InvalidArgument{InvalidProperty: "changeId"})
			return body
		}
	}
	blocks := len(now.sums)
	if base != nil && len(base.sums) > blocks {
		blocks = len(base.sums)
	}
	var areas []types.DiskChangeExtent
	for b := 0; b < blocks; b++ {
		var cur, old cbtBlockSum
		if b < len(now.sums) {
			cur = now.sums[b]
		}
		changed := cur.alloc
		if base != nil {
			if b < len(base.sums) {
				old = base.sums[b]
			}
			changed = cur != old
		}
		start := int64(b) * cbtBlock
		if !changed || start+cbtBlock <= req.StartOffset {
			continue
		}
		length := int64(cbtBlock)
		if start < req.StartOffset {
			length -= req.StartOffset - start
			start = req.StartOffset
		}
		if n := len(areas); n > 0 && areas[n-1].Start+areas[n-1].Length == start {
			areas[n-1].Length += length
		} else {
			areas = append(areas, types.DiskChangeExtent{Start: start, Length: length})
		}
	}
	length := capacity - req.StartOffset
	if length < 0 {
		length = 0
	}
	body.Res = &types.QueryChangedDiskAreasResponse{Returnval: types.DiskChangeInfo{StartOffset: req.StartOffset, Length: length, ChangedArea: areas}}
	return body
}

func cbtAllZero(b []byte) bool {
	for _, x := range b {
		if x != 0 {
			return false
		}
	}
	return true
}

func cbtSeek(fd int, off int64, whence int) (int64, error) { return syscall.Seek(fd, off, whence) }
GOEOF
  cat > "$1/src/traverse/govc-lite/main.go" <<'GOEOF'
// govc-lite: a tiny govc stand-in built from Debian's govmomi 0.24 library
// (Debian ships the library but not the govc command tree).
// Env: GOVC_URL (https://user:pass@host:port/sdk), GOVC_INSECURE=1.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/find"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func die(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "govc-lite:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, `usage: govc-lite CMD [args]
  about
  ls [-l] [PATH]                      list inventory (default /)
  find [-type m|h|c|s]               list all VM/host/cluster/datastore paths
  vm.info [-json] VM...               VM summary / full mo.VirtualMachine as JSON
  vm.power -on|-off VM
  vm.rename VM NEWNAME
  vm.network.add VM NETWORK [ADAPTER]  add a NIC (ADAPTER e1000 (default), e1000e, vmxnet3, ...)
  vm.cbt -on|-off VM                  reconfigure changeTrackingEnabled
  snapshot.create VM NAME
  snapshot.remove VM NAME
  snapshot.tree VM
  disk.changes VM SNAPNAME DISKKEY [CHANGEID]  QueryChangedDiskAreas (default changeId "*")
  datastore.ls [-ds NAME] [PATH]
  datastore.download [-ds NAME] SRC DST`)
	os.Exit(2)
}

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	cmd, args := os.Args[1], os.Args[2:]
	fs := flag.NewFlagSet(cmd, flag.ExitOnError)
	js := fs.Bool("json", false, "json output")
	long := fs.Bool("l", false, "long listing")
	on := fs.Bool("on", false, "on")
	off := fs.Bool("off", false, "off")
	dsName := fs.String("ds", "", "datastore")
	typ := fs.String("type", "m", "m|h|c|s")
	die(fs.Parse(args))
	args = fs.Args()

	ctx := context.Background()
	raw := os.Getenv("GOVC_URL")
	if raw == "" {
		raw = "https://user:pass@127.0.0.1:8989/sdk"
	}
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	die(err)
	if u.Path == "" || u.Path == "/" {
		u.Path = "/sdk"
	}
	if u.User == nil && os.Getenv("GOVC_USERNAME") != "" {
		u.User = url.UserPassword(os.Getenv("GOVC_USERNAME"), os.Getenv("GOVC_PASSWORD"))
	}
	insecure := os.Getenv("GOVC_INSECURE") == "1" || os.Getenv("GOVC_INSECURE") == "true"
	c, err := govmomi.NewClient(ctx, u, insecure)
	die(err)
	defer c.Logout(ctx)
	f := find.NewFinder(c.Client, true)
	if dc, err := f.DefaultDatacenter(ctx); err == nil {
		f.SetDatacenter(dc)
	}
	vmByName := func(name string) *object.VirtualMachine {
		vm, err := f.VirtualMachine(ctx, name)
		die(err)
		return vm
	}
	out := func(v interface{}) {
		e := json.NewEncoder(os.Stdout)
		e.SetIndent("", "  ")
		die(e.Encode(v))
	}
	need := func(n int) {
		if len(args) < n {
			usage()
		}
	}

	switch cmd {
	case "about":
		out(c.ServiceContent.About)
	case "ls":
		p := "/"
		if len(args) > 0 {
			p = args[0]
		}
		es, err := f.ManagedObjectListChildren(ctx, p)
		if err != nil { // maybe p is a leaf
			es, err = f.ManagedObjectList(ctx, p)
		}
		die(err)
		for _, e := range es {
			if *long {
				fmt.Printf("%s (%s)\n", e.Path, e.Object.Reference().Type)
			} else {
				fmt.Println(e.Path)
			}
		}
	case "find":
		var paths []string
		switch *typ {
		case "m":
			l, err := f.VirtualMachineList(ctx, "*")
			die(err)
			for _, o := range l {
				paths = append(paths, o.InventoryPath)
			}
		case "h":
			l, err := f.HostSystemList(ctx, "*")
			die(err)
			for _, o := range l {
				paths = append(paths, o.InventoryPath)
			}
		case "c":
			l, err := f.ClusterComputeResourceList(ctx, "*")
			die(err)
			for _, o := range l {
				paths = append(paths, o.InventoryPath)
			}
		case "s":
			l, err := f.DatastoreList(ctx, "*")
			die(err)
			for _, o := range l {
				paths = append(paths, o.InventoryPath)
			}
		}
		fmt.Println(strings.Join(paths, "\n"))
	case "vm.info":
		need(1)
		var all []mo.VirtualMachine
		for _, n := range args {
			var mvm mo.VirtualMachine
			die(vmByName(n).Properties(ctx, vmByName(n).Reference(), nil, &mvm))
			all = append(all, mvm)
		}
		if *js {
			// DeviceTypes (not in govc): the vSphere type of each device by VM id and key, which plain JSON loses
			devTypes := map[string]map[int32]string{}
			for _, v := range all {
				t := map[int32]string{}
				if v.Config != nil {
					for _, d := range v.Config.Hardware.Device {
						t[d.GetVirtualDevice().Key] = strings.TrimPrefix(fmt.Sprintf("%T", d), "*types.")
					}
				}
				devTypes[v.Self.Value] = t
			}
			out(map[string]interface{}{"VirtualMachines": all, "DeviceTypes": devTypes})
			return
		}
		for _, v := range all {
			fmt.Printf("Name: %s\n  UUID: %s\n  Guest: %s\n  CPU: %d  Memory: %dMB\n  Power: %s\n  Host: %s\n  CBT: %v\n",
				v.Name, v.Config.Uuid, v.Config.GuestId, v.Config.Hardware.NumCPU, v.Config.Hardware.MemoryMB,
				v.Runtime.PowerState, v.Runtime.Host.Value, v.Config.ChangeTrackingEnabled != nil && *v.Config.ChangeTrackingEnabled)
			for _, d := range v.Config.Hardware.Device {
				switch x := d.(type) {
				case *types.VirtualDisk:
					b := x.Backing.(*types.VirtualDiskFlatVer2BackingInfo)
					fmt.Printf("  disk key=%d %s %dKB thin=%v changeId=%q\n", x.Key, b.FileName, x.CapacityInKB, b.ThinProvisioned != nil && *b.ThinProvisioned, b.ChangeId)
				case types.BaseVirtualEthernetCard:
					e := x.GetVirtualEthernetCard()
					fmt.Printf("  nic %s mac=%s backing=%T\n", e.DeviceInfo.GetDescription().Label, e.MacAddress, e.Backing)
				}
			}
		}
	case "vm.power":
		need(1)
		vm := vmByName(args[0])
		var t *object.Task
		if *on {
			t, err = vm.PowerOn(ctx)
		} else if *off {
			t, err = vm.PowerOff(ctx)
		} else {
			usage()
		}
		die(err)
		die(t.Wait(ctx))
		st, _ := vm.PowerState(ctx)
		fmt.Println(args[0], st)
	case "vm.rename":
		need(2)
		t, err := vmByName(args[0]).Rename(ctx, args[1])
		die(err)
		die(t.Wait(ctx))
		fmt.Println("renamed", args[0], "to", args[1])
	case "vm.network.add":
		need(2)
		vm := vmByName(args[0])
		net, err := f.Network(ctx, args[1])
		die(err)
		backing, err := net.EthernetCardBackingInfo(ctx)
		die(err)
		adapter := "e1000"
		if len(args) > 2 {
			adapter = args[2]
		}
		card, err := object.EthernetCardTypes().CreateEthernetCard(adapter, backing)
		die(err)
		die(vm.AddDevice(ctx, card))
		fmt.Println("added", adapter, "on", args[1], "to", args[0])
	case "vm.cbt":
		need(1)
		vm := vmByName(args[0])
		v := *on && !*off
		t, err := vm.Reconfigure(ctx, types.VirtualMachineConfigSpec{ChangeTrackingEnabled: &v})
		die(err)
		die(t.Wait(ctx))
		var mvm mo.VirtualMachine
		die(vm.Properties(ctx, vm.Reference(), []string{"config.changeTrackingEnabled"}, &mvm))
		fmt.Println("changeTrackingEnabled =", *mvm.Config.ChangeTrackingEnabled)
	case "snapshot.create":
		need(2)
		t, err := vmByName(args[0]).CreateSnapshot(ctx, args[1], "govc-lite", false, false)
		die(err)
		r, err := t.WaitForResult(ctx, nil)
		die(err)
		fmt.Println(r.Result)
	case "snapshot.remove":
		need(2)
		consolidate := true
		t, err := vmByName(args[0]).RemoveSnapshot(ctx, args[1], false, &consolidate)
		die(err)
		die(t.Wait(ctx))
		fmt.Println("removed", args[1])
	case "snapshot.tree":
		need(1)
		var mvm mo.VirtualMachine
		vm := vmByName(args[0])
		die(vm.Properties(ctx, vm.Reference(), []string{"snapshot"}, &mvm))
		if mvm.Snapshot == nil {
			fmt.Println("(no snapshots)")
			return
		}
		var walk func(l []types.VirtualMachineSnapshotTree, ind string)
		walk = func(l []types.VirtualMachineSnapshotTree, ind string) {
			for _, s := range l {
				fmt.Printf("%s%s (%s)\n", ind, s.Name, s.Snapshot.Value)
				walk(s.ChildSnapshotList, ind+"  ")
			}
		}
		walk(mvm.Snapshot.RootSnapshotList, "")
	case "disk.changes":
		need(3)
		vm := vmByName(args[0])
		snap, err := vm.FindSnapshot(ctx, args[1])
		die(err)
		var key int32
		fmt.Sscan(args[2], &key)
		changeID := "*"
		if len(args) > 3 {
			changeID = args[3]
		}
		res, err := methods.QueryChangedDiskAreas(ctx, c.Client, &types.QueryChangedDiskAreas{
			This: vm.Reference(), Snapshot: snap, DeviceKey: key, StartOffset: 0, ChangeId: changeID})
		die(err)
		out(res.Returnval)
	case "datastore.ls", "datastore.download":
		ds, err := f.DatastoreOrDefault(ctx, *dsName)
		die(err)
		if cmd == "datastore.ls" {
			p := ""
			if len(args) > 0 {
				p = args[0]
			}
			b, err := ds.Browser(ctx)
			die(err)
			spec := types.HostDatastoreBrowserSearchSpec{MatchPattern: []string{"*"}, Details: &types.FileQueryFlags{FileType: true, FileSize: true, Modification: true}}
			t, err := b.SearchDatastore(ctx, ds.Path(p), &spec)
			die(err)
			info, err := t.WaitForResult(ctx, nil)
			die(err)
			r := info.Result.(types.HostDatastoreBrowserSearchResults)
			for _, fi := range r.File {
				i := fi.GetFileInfo()
				fmt.Printf("%12d  %s\n", i.FileSize, i.Path)
			}
			return
		}
		need(2)
		p := soap.DefaultDownload
		die(ds.DownloadFile(ctx, args[0], args[1], &p))
		st, err := os.Stat(args[1])
		die(err)
		fmt.Printf("downloaded %s -> %s (%d bytes) via %s\n", args[0], args[1], st.Size(), mustURL(ds, ctx, args[0]))
	default:
		usage()
	}
}

func mustURL(ds *object.Datastore, ctx context.Context, p string) string {
	u, err := ds.URL(ctx, nil, p)
	if err != nil {
		return "?"
	}
	return u.String()
}
GOEOF
} # end write_sources

patch_xml() { # move the xsi:type attribute after the struct's own attributes
  local f=$1/src/github.com/vmware/govmomi/vim25/xml/marshal.go
  perl -0pi -e 's{(\t// Add type attribute if necessary\n\tif finfo != nil && finfo.flags&fTypeAttr != 0 \{\n\t\tstart.Attr = append\(start.Attr, Attr\{xmlSchemaInstance, typeToString\(typ\)\}\)\n\t\}\n)\n(\t// Attributes\n.*?\n)(\tif err := p.writeStart\(&start\); err != nil \{)}{$2$1\n$3}s' "$f"
  grep -q 'xsi-after-attrs' "$f" || { perl -0pi -e 's{(\t// Add type attribute if necessary)}{$1 (xsi-after-attrs)}' "$f"; }
  # sanity: type attribute block must now come after the attribute loop
  awk '/\/\/ Attributes$/ && !a {a=NR} /xsi-after-attrs/{t=NR} END{exit !(a && t && t>a)}' "$f" || { log "xml patch failed"; exit 1; }
} # end patch_xml

build() {
  apt_install golang-go golang-github-vmware-govmomi-dev perl ca-certificates
  local stamp want
  # the ranges end at the marked closing braces: the Go sources inside have lines starting with "}" too
  want=$( { sed -n '/^write_sources()/,/^} # end write_sources$/p;/^patch_xml()/,/^} # end patch_xml$/p' "$0"; dpkg-query -W golang-go golang-github-vmware-govmomi-dev; } | sha256sum | cut -c1-16)
  stamp=$BIN_DIR/.vcsim-build-stamp
  if [ -x "$BIN_DIR/vcsim" ] && [ -x "$BIN_DIR/govc-lite" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then return 0; fi
  # several callers (a test JVM, the local stack) may build at once: one builds, the others wait and reuse it
  mkdir -p "$BIN_DIR"
  exec 9>"$BIN_DIR/.vcsim-build.lock"
  flock -w 900 9 || { log "timed out waiting for another vcsim build ($BIN_DIR/.vcsim-build.lock)"; exit 1; }
  if [ -x "$BIN_DIR/vcsim" ] && [ -x "$BIN_DIR/govc-lite" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then exec 9>&-; return 0; fi
  log "building vcsim + govc-lite (first time ~30-60 s)"
  local t0=$SECONDS gp=$BUILD_DIR/gopath
  rm -rf "$gp"; mkdir -p "$gp/src/github.com/vmware" "$BIN_DIR"
  cp -a "$GOVMOMI_SYS" "$gp/src/github.com/vmware/"   # full copy: GOPATH mode resolves per directory, partial overlays fail
  patch_xml "$gp"
  write_sources "$gp"
  ( export GOPATH="$gp:/usr/share/gocode" GO111MODULE=off GOFLAGS= GOCACHE="$BUILD_DIR/gocache" CGO_ENABLED=0
    cd "$gp" && go build -o "$BIN_DIR/vcsim.tmp" traverse/vcsim && go build -o "$BIN_DIR/govc-lite.tmp" traverse/govc-lite )
  mv -f "$BIN_DIR/vcsim.tmp" "$BIN_DIR/vcsim"; mv -f "$BIN_DIR/govc-lite.tmp" "$BIN_DIR/govc-lite"
  echo "$want" > "$stamp"
  exec 9>&-
  log "built in $((SECONDS - t0)) s -> $BIN_DIR/{vcsim,govc-lite}"
}

running() { [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null && grep -q vcsim "/proc/$(cat "$PID_FILE")/cmdline" 2>/dev/null; }

start() {
  build
  mkdir -p "$STATE_DIR"
  if running; then log "already running (pid $(cat "$PID_FILE"))"; cat "$ENV_FILE"; return 0; fi
  rm -f "$PID_FILE" "$ENV_FILE" "$ENV_FILE.raw"
  local host=${LISTEN%:*} port=${LISTEN##*:}
  if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then log "$LISTEN is already in use by another process"; exit 1; fi
  # shellcheck disable=SC2086
  nohup "$BIN_DIR/vcsim" -l "$LISTEN" $ARGS -E "$ENV_FILE.raw" >"$LOG_FILE" 2>&1 </dev/null &
  local pid=$! i
  echo "$pid" > "$PID_FILE"
  if [ -n "${VCSIM_WATCH_PID:-}" ]; then
    # watchdog: when the watched process (a test JVM) dies, stop vcsim too
    ( while kill -0 "$VCSIM_WATCH_PID" 2>/dev/null && kill -0 "$pid" 2>/dev/null; do sleep 2; done
      kill "$pid" 2>/dev/null || true ) </dev/null >/dev/null 2>&1 &
    disown
  fi
  for i in $(seq 1 600); do
    [ -s "$ENV_FILE.raw" ] && break
    kill -0 "$pid" 2>/dev/null || { log "vcsim exited:"; cat "$LOG_FILE" >&2; rm -f "$PID_FILE"; exit 1; }
    sleep 0.1
  done
  [ -s "$ENV_FILE.raw" ] || { log "vcsim did not come up in 60 s"; exit 1; }
  cat > "$ENV_FILE" <<EOF
export GOVC_URL=https://user:pass@$host:$port/sdk
export GOVC_INSECURE=1
export GOVC_USERNAME=user
export GOVC_PASSWORD=pass
export VCSIM_PID=$pid
export VCSIM_HOST=$host
export VCSIM_PORT=$port
export VCSIM_URL=https://$host:$port
export VCSIM_SDK_URL=https://$host:$port/sdk
export PATH="$BIN_DIR:\$PATH"
EOF
  rm -f "$ENV_FILE.raw"
  log "vcsim pid $pid on $LISTEN ($(grep -o 'model created in [^,]*([0-9]* VMs)' "$LOG_FILE" || true)); env: $ENV_FILE"
  cat "$ENV_FILE"
}

stop() {
  if [ -f "$PID_FILE" ]; then
    local pid; pid=$(cat "$PID_FILE")
    if running; then
      kill "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
      log "stopped pid $pid"
    else
      log "stale pid file (pid $pid not running)"
    fi
  else
    log "not running"
  fi
  rm -f "$PID_FILE" "$ENV_FILE" "$ENV_FILE.raw"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  build) build ;;
  status) if running; then echo "running pid $(cat "$PID_FILE")"; cat "$ENV_FILE"; else echo "stopped"; exit 3; fi ;;
  env) cat "$ENV_FILE" ;;
  *) echo "usage: $0 [start|stop|restart|status|build|env]" >&2; exit 2 ;;
esac
