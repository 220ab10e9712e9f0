/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net.c - NIC counters, addresses and state on Linux. Sources: /proc/net/dev (proc.rst,
 * "/proc/net/dev": per interface 8 receive then 8 transmit columns), getifaddrs(3) for
 * addresses (AF_INET, AF_INET6, AF_PACKET for the link layer), and ioctls on a datagram
 * socket for state: SIOCGIFFLAGS, SIOCGIFMTU and SIOCETHTOOL (ETHTOOL_GLINKSETTINGS,
 * falling back to ETHTOOL_GSET; Documentation/networking/ethtool-netlink.rst).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <netpacket/packet.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../os.h"
#include "linux.h"

int psutil__parse_net_dev(const char *buf, size_t len,
                          int (*fn)(void *arg, const char *name, size_t nlen, const uint64_t v[16]),
                          void *arg)
{
    psutil__lines it;
    const char *line;
    size_t n, lineno = 0;
    psutil__lines_init(&it, buf, len);
    while (psutil__lines_next(&it, &line, &n)) {
        const char *end = line + n, *colon = NULL;
        lineno++;
        /* The name ends at the last ':' of the line: the counters hold none, but a name
         * may ("team0:1" on 3.10-era kernels, which accepted colons in names). */
        for (const char *q = end; q > line; q--)
            if (q[-1] == ':') {
                colon = q - 1;
                break;
            }
        if (lineno <= 2) /* the two header lines */
            continue;
        if (psutil__only_blanks(line, end))
            continue;
        if (!colon)
            return psutil__error(PSUTIL_EPARSE, 0, NULL, "line %zu: no ':'", lineno);
        const char *name = psutil__skip_blanks(line, colon);
        if (!psutil__is_name(name, (size_t)(colon - name)))
            return psutil__error(PSUTIL_EPARSE, 0, NULL, "line %zu: no interface name", lineno);
        uint64_t f[16];
        const char *p = colon + 1;
        for (int i = 0; i < 16; i++)
            if (psutil__parse_u64_sat(&p, end, &f[i]) != 0)
                return psutil__error(PSUTIL_EPARSE, 0, NULL, "line %zu: column %d", lineno, i + 1);
        /* bytes_sent, bytes_recv, packets_sent, packets_recv, errin, errout, dropin,
         * dropout, then receive fifo, frame, compressed, multicast and transmit fifo,
         * colls, carrier, compressed: psutil_net_io_t's order. */
        const uint64_t v[16] = {f[8], f[0], f[9], f[1], f[2],  f[10], f[3],  f[11],
                                f[4], f[5], f[6], f[7], f[12], f[13], f[14], f[15]};
        int rc = fn(arg, name, (size_t)(colon - name), v);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static int collect_nic(void *arg, const char *name, size_t nlen, const uint64_t *v)
{
    psutil__pack *pk = arg;
    psutil_net_io_t r = {.bytes_sent = v[0],
                         .bytes_recv = v[1],
                         .packets_sent = v[2],
                         .packets_recv = v[3],
                         .errin = v[4],
                         .errout = v[5],
                         .dropin = v[6],
                         .dropout = v[7],
                         .fifoin = v[8],
                         .framein = v[9],
                         .compressedin = v[10],
                         .multicastin = v[11],
                         .fifoout = v[12],
                         .collisions = v[13],
                         .carrierout = v[14],
                         .compressedout = v[15]};
    int rc = psutil__pack_str(pk, name, nlen, &r.name);
    return rc ? rc : psutil__pack_add(pk, &r);
}

int psutil__os_net_io(psutil_net_io_t **out, size_t *out_n)
{
    psutil__buf b = {0};
    psutil__pack pk;
    PSUTIL__PACK_INIT(&pk, psutil__layout_net_io);
    char rel[64];
    psutil__linux_host_file("net/dev", rel, sizeof(rel));
    int rc = psutil__read_root_file(PSUTIL__ROOT_PROC, rel, &b);
    if (rc == 0)
        rc = psutil__linux_parse_failed(PSUTIL__ROOT_PROC, rel,
                                        psutil__parse_net_dev(b.data, b.len, collect_nic, &pk));
    if (rc == 0)
        rc = psutil__pack_finish(&pk, (void **)out, out_n);
    psutil__pack_release(&pk);
    psutil__buf_release(&b);
    return rc;
}

/* --- addresses ---------------------------------------------------------------------- */

static void format_addr(const struct sockaddr *sa, char *buf, size_t size)
{
    buf[0] = '\0';
    if (!sa)
        return;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, buf, (socklen_t)size);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, buf, (socklen_t)size);
    else if (sa->sa_family == AF_PACKET) {
        const struct sockaddr_ll *ll = (const struct sockaddr_ll *)sa;
        size_t off = 0;
        for (int i = 0; i < ll->sll_halen && off + 3 < size; i++)
            off += (size_t)snprintf(buf + off, size - off, "%s%02x", i ? ":" : "", ll->sll_addr[i]);
    }
}

struct nic_groups {
    struct ifaddrs **v; /* the entries, in getifaddrs order */
    size_t *group;      /* each entry's NIC, numbered in order of first appearance */
    const char *name;   /* the name being looked up */
};

static int same_nic(void *ctx, size_t pos)
{
    const struct nic_groups *g = ctx;
    return strcmp(g->v[pos]->ifa_name, g->name) == 0;
}

int psutil__os_net_if_addrs(psutil_net_addr_t **out, size_t *out_n)
{
    struct ifaddrs *all;
    psutil__pack pk;
    psutil__index names = {0};
    struct nic_groups g = {NULL, NULL, NULL};
    size_t n = 0, ngroups = 0, *first = NULL, *start = NULL, *order = NULL;
    if (getifaddrs(&all) != 0)
        return psutil__error(errno == ENOMEM ? PSUTIL_ENOMEM : PSUTIL_EOS, errno, NULL,
                             "getifaddrs: %s", strerror(errno));
    PSUTIL__PACK_INIT(&pk, psutil__layout_net_addr);
    int rc = 0;
    for (struct ifaddrs *a = all; a; a = a->ifa_next)
        n++;
    g.v = psutil__malloc((n ? n : 1) * sizeof(*g.v));
    g.group = psutil__malloc((n ? n : 1) * sizeof(*g.group));
    first = psutil__malloc((n ? n : 1) * sizeof(*first));
    start = psutil__calloc(n + 1, sizeof(*start));
    order = psutil__malloc((n ? n : 1) * sizeof(*order));
    if (!g.v || !g.group || !first || !start || !order)
        rc = psutil__error(PSUTIL_ENOMEM, 0, NULL, "NIC addresses");
    /* Grouped by NIC in the order NICs first appear: each entry's NIC through a hash of
     * names, then a counting sort, so thousands of interfaces (a container host's veths)
     * cost linear time. */
    size_t i = 0;
    for (struct ifaddrs *a = all; a && rc == 0; a = a->ifa_next, i++) {
        size_t pos;
        g.v[i] = a;
        g.name = a->ifa_name;
        int found = psutil__index_find_or_add(
            &names, psutil__hash_bytes(a->ifa_name, strlen(a->ifa_name)), same_nic, &g, i, &pos);
        if (found < 0) {
            rc = found;
            break;
        }
        if (!found)
            first[pos] = ngroups++;
        g.group[i] = first[pos];
        start[g.group[i] + 1]++;
    }
    for (size_t k = 1; rc == 0 && k <= ngroups; k++)
        start[k] += start[k - 1];
    for (size_t k = 0; rc == 0 && k < n; k++)
        order[start[g.group[k]]++] = k;
    for (size_t k = 0; rc == 0 && k < n; k++) {
        const struct ifaddrs *a = g.v[order[k]];
        if (!a->ifa_addr)
            continue;
        int fam = a->ifa_addr->sa_family;
        if (fam != AF_INET && fam != AF_INET6 && fam != AF_PACKET)
            continue;
        char addr[64], mask[64], bcast[64], ptp[64];
        format_addr(a->ifa_addr, addr, sizeof(addr));
        format_addr(fam == AF_PACKET ? NULL : a->ifa_netmask, mask, sizeof(mask));
        format_addr((a->ifa_flags & IFF_BROADCAST) ? a->ifa_broadaddr : NULL, bcast, sizeof(bcast));
        format_addr((a->ifa_flags & IFF_POINTOPOINT) ? a->ifa_dstaddr : NULL, ptp, sizeof(ptp));
        psutil_net_addr_t r;
        r.family = fam == AF_INET    ? PSUTIL_AF_INET
                   : fam == AF_INET6 ? PSUTIL_AF_INET6
                                     : PSUTIL_AF_LINK;
        if ((rc = psutil__pack_str(&pk, a->ifa_name, strlen(a->ifa_name), &r.nic)) == 0 &&
            (rc = psutil__pack_str(&pk, addr, strlen(addr), &r.address)) == 0 &&
            (rc = psutil__pack_str(&pk, mask, strlen(mask), &r.netmask)) == 0 &&
            (rc = psutil__pack_str(&pk, bcast, strlen(bcast), &r.broadcast)) == 0 &&
            (rc = psutil__pack_str(&pk, ptp, strlen(ptp), &r.ptp)) == 0)
            rc = psutil__pack_add(&pk, &r);
    }
    freeifaddrs(all);
    psutil__index_release(&names);
    psutil__dealloc(g.v);
    psutil__dealloc(g.group);
    psutil__dealloc(first);
    psutil__dealloc(start);
    psutil__dealloc(order);
    if (rc == 0)
        rc = psutil__pack_finish(&pk, (void **)out, out_n);
    psutil__pack_release(&pk);
    return rc;
}

/* --- state --------------------------------------------------------------------------- */

/* psutil's flag names, in its order. */
static const struct {
    int bit;
    const char *name;
} if_flags[] = {
    {IFF_UP, "up"},
    {IFF_BROADCAST, "broadcast"},
    {IFF_DEBUG, "debug"},
    {IFF_LOOPBACK, "loopback"},
    {IFF_POINTOPOINT, "pointopoint"},
    {IFF_NOTRAILERS, "notrailers"},
    {IFF_RUNNING, "running"},
    {IFF_NOARP, "noarp"},
    {IFF_PROMISC, "promisc"},
    {IFF_ALLMULTI, "allmulti"},
    {IFF_MASTER, "master"},
    {IFF_SLAVE, "slave"},
    {IFF_MULTICAST, "multicast"},
    {IFF_PORTSEL, "portsel"},
    {IFF_AUTOMEDIA, "automedia"},
    {IFF_DYNAMIC, "dynamic"},
};

/* Speed (Mbps, 0 unknown) and duplex through ethtool; devices without it: unknown. */
static void link_settings(int sock, const char *name, uint32_t *speed, int *duplex)
{
    struct ifreq ifr;
    /* ETHTOOL_GLINKSETTINGS takes the header followed by three link-mode masks of up to
     * 127 words each (its last member is a flexible array): one byte buffer, aligned for
     * the header, instead of a struct with a flexible-array member in its middle. */
    union {
        struct ethtool_link_settings hdr;
        unsigned char bytes[sizeof(struct ethtool_link_settings) + 3 * 127 * sizeof(uint32_t)];
    } ls;
    struct ethtool_link_settings *req = &ls.hdr;
    *speed = 0;
    *duplex = PSUTIL_DUPLEX_UNKNOWN;
    memset(&ifr, 0, sizeof(ifr));
    snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
    memset(&ls, 0, sizeof(ls));
    req->cmd = ETHTOOL_GLINKSETTINGS;
    ifr.ifr_data = (char *)&ls;
    /* The first call tells the mask size (negated); the second reads. */
    if (ioctl(sock, SIOCETHTOOL, &ifr) == 0 && req->link_mode_masks_nwords < 0) {
        req->link_mode_masks_nwords = (int8_t)-req->link_mode_masks_nwords;
        if (ioctl(sock, SIOCETHTOOL, &ifr) == 0) {
            if (req->speed != (uint32_t)SPEED_UNKNOWN && req->speed < 0x7fffffff)
                *speed = req->speed;
            *duplex = req->duplex == DUPLEX_FULL   ? PSUTIL_DUPLEX_FULL
                      : req->duplex == DUPLEX_HALF ? PSUTIL_DUPLEX_HALF
                                                   : PSUTIL_DUPLEX_UNKNOWN;
            return;
        }
    }
    struct ethtool_cmd cmd;
    memset(&cmd, 0, sizeof(cmd));
    cmd.cmd = ETHTOOL_GSET;
    ifr.ifr_data = (char *)&cmd;
    if (ioctl(sock, SIOCETHTOOL, &ifr) == 0) {
        /* ethtool_cmd_speed() shifts a promoted int: undefined for SPEED_UNKNOWN's
         * 0xffff high half (the fault test's sanitizer run found it). */
        uint32_t s = (uint32_t)cmd.speed_hi << 16 | cmd.speed;
        if (s != (uint32_t)SPEED_UNKNOWN && s < 0x7fffffff)
            *speed = s;
        *duplex = cmd.duplex == DUPLEX_FULL   ? PSUTIL_DUPLEX_FULL
                  : cmd.duplex == DUPLEX_HALF ? PSUTIL_DUPLEX_HALF
                                              : PSUTIL_DUPLEX_UNKNOWN;
    }
}

int psutil__os_net_if_stats(psutil_net_stats_t **out, size_t *out_n)
{
    psutil_net_io_t *nics = NULL;
    size_t n = 0;
    psutil__pack pk;
    /* The NICs of /proc/net/dev, as psutil lists them. */
    int rc = psutil__os_net_io(&nics, &n);
    if (rc != 0)
        return rc;
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0) {
        int err = errno;
        psutil__dealloc(nics);
        return psutil__error(err == ENOMEM || err == ENOBUFS ? PSUTIL_ENOMEM : PSUTIL_EOS, err,
                             NULL, "socket: %s", strerror(err));
    }
    PSUTIL__PACK_INIT(&pk, psutil__layout_net_stats);
    for (size_t i = 0; i < n && rc == 0; i++) {
        struct ifreq ifr;
        psutil_net_stats_t r = {.duplex = PSUTIL_DUPLEX_UNKNOWN};
        char flags[256] = "";
        memset(&ifr, 0, sizeof(ifr));
        snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", nics[i].name);
        if (ioctl(sock, SIOCGIFFLAGS, &ifr) != 0)
            continue; /* gone since /proc/net/dev was read */
        int fl = ifr.ifr_flags;
        r.isup = (fl & IFF_UP) != 0;
        for (size_t k = 0; k < sizeof(if_flags) / sizeof(if_flags[0]); k++)
            if (fl & if_flags[k].bit)
                snprintf(flags + strlen(flags), sizeof(flags) - strlen(flags), "%s%s",
                         flags[0] ? "," : "", if_flags[k].name);
        if (ioctl(sock, SIOCGIFMTU, &ifr) == 0)
            r.mtu = (uint32_t)ifr.ifr_mtu;
        link_settings(sock, nics[i].name, &r.speed, &r.duplex);
        if ((rc = psutil__pack_str(&pk, nics[i].name, strlen(nics[i].name), &r.name)) == 0 &&
            (rc = psutil__pack_str(&pk, flags, strlen(flags), &r.flags)) == 0)
            rc = psutil__pack_add(&pk, &r);
    }
    close(sock);
    psutil__dealloc(nics);
    if (rc == 0)
        rc = psutil__pack_finish(&pk, (void **)out, out_n);
    psutil__pack_release(&pk);
    return rc;
}
