/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * netstat.c - node_exporter's network collectors: netdev and netclass
 * (node_network_{receive,transmit}_*_total{device}: psutil_net_io_counters_pernic, every
 * device but lo, or --collector.netdev.device-include/-exclude; node_network_mtu_bytes,
 * node_network_speed_bytes, psutil_network_up: psutil_net_if_stats), and from the
 * library's psutil_net_snmp and psutil_net_sockstat:
 *   node_netstat_<Proto>_<Name>     /proc/net/{snmp,netstat,snmp6}: the counters
 *                                   node_exporter 1.5 exports by default
 *                                   (--collector.netstat.fields), untyped
 *   node_sockstat_<PROTO>_<key>     /proc/net/sockstat{,6}: every figure, gauges, and
 *   node_sockstat_<PROTO>_mem_bytes for each "mem" (pages) the same in bytes
 *   node_sockstat_sockets_used      sockets of every protocol in use
 *   node_softnet_{processed,dropped,times_squeezed}_total{cpu}
 *                                   /proc/net/softnet_stat (psutil_net_softnet)
 *   node_arp_entries{device}        /proc/net/arp entries by device (psutil_net_arp)
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "serve.h"

/* Characters a metric name's tail may hold. */
static int metric_tail(const char *s)
{
    return s[0] && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") ==
                       strlen(s);
}

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), k = strlen(tail);
    return n >= k && strcmp(s + n - k, tail) == 0;
}

/* node_exporter 1.5's default --collector.netstat.fields:
 * ^(.*_(InErrors|InErrs)|Ip_Forwarding|Ip(6|Ext)_(InOctets|OutOctets)|Icmp6?_(InMsgs|OutMsgs)
 *  |TcpExt_(Listen.*|Syncookies.*|TCPSynRetrans|TCPTimeouts)|Tcp_(ActiveOpens|InSegs|
 *  OutSegs|OutRsts|PassiveOpens|RetransSegs|CurrEstab)|Udp6?_(InDatagrams|OutDatagrams|
 *  NoPorts|RcvbufErrors|SndbufErrors))$ */
static int netstat_exported(const char *name)
{
    static const char *const exact[] = {
        "Ip_Forwarding",     "Ip6_InOctets",         "Ip6_OutOctets",      "IpExt_InOctets",
        "IpExt_OutOctets",   "Icmp_InMsgs",          "Icmp_OutMsgs",       "Icmp6_InMsgs",
        "Icmp6_OutMsgs",     "TcpExt_TCPSynRetrans", "TcpExt_TCPTimeouts", "Tcp_ActiveOpens",
        "Tcp_InSegs",        "Tcp_OutSegs",          "Tcp_OutRsts",        "Tcp_PassiveOpens",
        "Tcp_RetransSegs",   "Tcp_CurrEstab",        "Udp_InDatagrams",    "Udp_OutDatagrams",
        "Udp_NoPorts",       "Udp_RcvbufErrors",     "Udp_SndbufErrors",   "Udp6_InDatagrams",
        "Udp6_OutDatagrams", "Udp6_NoPorts",         "Udp6_RcvbufErrors",  "Udp6_SndbufErrors",
    };
    int m = serve_option_match("netstat.fields", name);
    if (!metric_tail(name))
        return 0;
    if (m >= 0)
        return m;
    if (ends_with(name, "_InErrors") || ends_with(name, "_InErrs") ||
        strncmp(name, "TcpExt_Listen", 13) == 0 || strncmp(name, "TcpExt_Syncookies", 17) == 0)
        return 1;
    for (size_t i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
        if (strcmp(name, exact[i]) == 0)
            return 1;
    return 0;
}

/* 1 when an earlier counter of the list has the same name (the kernel never repeats
 * one; a repeat keeps its first value, so a family is written once). */
static int seen_before(const psutil_net_counter_t *c, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (strcmp(c[j].name, c[i].name) == 0)
            return 1;
    return 0;
}

int collect_netstat(struct text *t, int procs)
{
    (void)procs;
    psutil_net_counter_t *c;
    size_t n;
    int rc = psutil_net_snmp(&c, &n);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (!netstat_exported(c[i].name) || seen_before(c, i))
            continue;
        char name[160], help[160], stat[128];
        const char *us = strchr(c[i].name, '_');
        /* HELP names the kernel's statistic, as node_exporter: "Statistic TcpActiveOpens." */
        snprintf(stat, sizeof(stat), "%.*s%s", (int)(us - c[i].name), c[i].name, us + 1);
        snprintf(name, sizeof(name), "node_netstat_%s", c[i].name);
        snprintf(help, sizeof(help), "Statistic %s.", stat);
        family(t, name, "untyped", help);
        sample(t, name, (double)c[i].value, NULL);
    }
    psutil_free(c);
    return 0;
}

int collect_sockstat(struct text *t, int procs)
{
    (void)procs;
    psutil_net_counter_t *c;
    size_t n;
    int rc = psutil_net_sockstat(&c, &n);
    if (rc != 0)
        return rc;
    long page = sysconf(_SC_PAGESIZE);
    for (size_t i = 0; i < n; i++) {
        if (!metric_tail(c[i].name) || seen_before(c, i))
            continue;
        char name[160], help[192];
        const char *us = strrchr(c[i].name, '_');
        int proto = (int)(us - c[i].name);
        snprintf(name, sizeof(name), "node_sockstat_%s", c[i].name);
        if (strcmp(c[i].name, "sockets_used") == 0)
            snprintf(help, sizeof(help), "Number of IPv4 sockets in use.");
        else
            snprintf(help, sizeof(help), "Number of %.*s sockets in state %s.", proto, c[i].name,
                     us + 1);
        family(t, name, "gauge", help);
        sample(t, name, (double)c[i].value, NULL);
        if (strcmp(us, "_mem") == 0) {
            snprintf(name, sizeof(name), "node_sockstat_%s_bytes", c[i].name);
            snprintf(help, sizeof(help), "Number of %.*s sockets in state mem_bytes.", proto,
                     c[i].name);
            family(t, name, "gauge", help);
            sample(t, name, (double)c[i].value * (double)page, NULL);
        }
    }
    psutil_free(c);
    return 0;
}

int collect_softnet(struct text *t, int procs)
{
    (void)procs;
    static const struct {
        const char *name, *help;
    } fams[] = {
        {"node_softnet_processed_total", "Number of processed packets"},
        {"node_softnet_dropped_total", "Number of dropped packets"},
        {"node_softnet_times_squeezed_total",
         "Number of times processing packets ran out of quota"},
    };
    psutil_softnet_t *s;
    size_t n;
    int rc = psutil_net_softnet(&s, &n);
    if (rc != 0)
        return rc;
    for (size_t f = 0; f < sizeof(fams) / sizeof(fams[0]); f++) {
        family(t, fams[f].name, "counter", fams[f].help);
        for (size_t i = 0; i < n; i++) {
            char cpu[16];
            snprintf(cpu, sizeof(cpu), "%d", s[i].cpu);
            uint64_t v = f == 0 ? s[i].processed : f == 1 ? s[i].dropped : s[i].time_squeezed;
            sample_u64(t, fams[f].name, v, "cpu", cpu, NULL);
        }
    }
    psutil_free(s);
    return 0;
}

/* node_arp_entries{device}: the neighbour table's entries counted by device, in the
 * order each device first appears. */
int collect_arp(struct text *t, int procs)
{
    (void)procs;
    psutil_net_arp_t *a;
    size_t n;
    int rc = psutil_net_arp(&a, &n);
    if (rc != 0)
        return rc;
    family(t, "node_arp_entries", "gauge", "ARP entries by device");
    for (size_t i = 0; i < n; i++) {
        size_t count = 0, j = 0;
        while (j < i && strcmp(a[j].device, a[i].device) != 0)
            j++;
        if (j < i)
            continue; /* counted at its first entry */
        for (j = i; j < n; j++)
            count += strcmp(a[j].device, a[i].device) == 0;
        sample_u64(t, "node_arp_entries", count, "device", a[i].device, NULL);
    }
    psutil_free(a);
    return 0;
}

/* The netdev collector's devices: --collector.netdev.device-include (only those) or
 * -exclude when given, else every one but lo. */
static int netdev_excluded(const char *name)
{
    int inc = serve_option_match("netdev.device-include", name),
        exc = serve_option_match("netdev.device-exclude", name);
    if (inc >= 0)
        return !inc;
    if (exc >= 0)
        return exc;
    return strcmp(name, "lo") == 0;
}

int collect_netdev(struct text *t, int procs)
{
    (void)procs;
    psutil_net_io_t *nic;
    size_t n;
    int rc = psutil_net_io_counters_pernic(NULL, &nic, &n);
    if (rc != 0)
        return rc;
    static const struct {
        const char *name, *help;
        size_t off;
    } fields[] = {
        {"node_network_receive_bytes_total", "Network device statistic receive_bytes.",
         offsetof(psutil_net_io_t, bytes_recv)},
        {"node_network_receive_packets_total", "Network device statistic receive_packets.",
         offsetof(psutil_net_io_t, packets_recv)},
        {"node_network_receive_errs_total", "Network device statistic receive_errs.",
         offsetof(psutil_net_io_t, errin)},
        {"node_network_receive_drop_total", "Network device statistic receive_drop.",
         offsetof(psutil_net_io_t, dropin)},
        {"node_network_transmit_bytes_total", "Network device statistic transmit_bytes.",
         offsetof(psutil_net_io_t, bytes_sent)},
        {"node_network_transmit_packets_total", "Network device statistic transmit_packets.",
         offsetof(psutil_net_io_t, packets_sent)},
        {"node_network_transmit_errs_total", "Network device statistic transmit_errs.",
         offsetof(psutil_net_io_t, errout)},
        {"node_network_transmit_drop_total", "Network device statistic transmit_drop.",
         offsetof(psutil_net_io_t, dropout)},
    };
    for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) {
        family(t, fields[f].name, "counter", fields[f].help);
        for (size_t i = 0; i < n; i++) {
            if (netdev_excluded(nic[i].name))
                continue;
            uint64_t v;
            memcpy(&v, (const char *)&nic[i] + fields[f].off, sizeof(v));
            sample_u64(t, fields[f].name, v, "device", nic[i].name, NULL);
        }
    }
    psutil_free(nic);
    return 0;
}

int collect_netclass(struct text *t, int procs)
{
    (void)procs;
    psutil_net_stats_t *s;
    size_t n;
    int rc = psutil_net_if_stats(&s, &n);
    if (rc != 0)
        return rc;
    family(t, "psutil_network_up", "gauge",
           "1 when the interface is administratively up (IFF_UP).");
    for (size_t i = 0; i < n; i++)
        sample(t, "psutil_network_up", s[i].isup ? 1 : 0, "device", s[i].name, NULL);
    family(t, "node_network_mtu_bytes", "gauge", "Network device property: mtu_bytes");
    for (size_t i = 0; i < n; i++)
        sample(t, "node_network_mtu_bytes", s[i].mtu, "device", s[i].name, NULL);
    family(t, "node_network_speed_bytes", "gauge", "Network device property: speed_bytes");
    for (size_t i = 0; i < n; i++)
        if (s[i].speed > 0)
            sample(t, "node_network_speed_bytes", (double)s[i].speed * 125000.0, "device",
                   s[i].name, NULL);
    psutil_free(s);
    return 0;
}
