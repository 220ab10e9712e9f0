/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net.c - NICs and sockets on Windows, as psutil: the NICs are GetAdaptersAddresses's
 * adapters named by their friendly name ("Ethernet"), their counters and state
 * GetIfEntry2 (MIB_IF_ROW2), their addresses the adapter's unicast list and physical
 * address; sockets are GetExtendedTcpTable / GetExtendedUdpTable with the owning pid.
 */
#include <winsock2.h>
#include <ws2tcpip.h>

#include "win.h"

#include <iphlpapi.h>
#include <stdio.h>
#include <string.h>

static int notsup(const char *what)
{
    return psutil__error(PSUTIL_ENOTSUP, 0, NULL, "%s: no Windows equivalent", what);
}

/* Every adapter (GAA_FLAG_INCLUDE_ALL_INTERFACES), in a psutil__malloc'd buffer. */
static int adapters(IP_ADAPTER_ADDRESSES **out)
{
    ULONG len = 16 * 1024;
    for (int attempt = 0; attempt < 8; attempt++) {
        IP_ADAPTER_ADDRESSES *a = psutil__malloc(len);
        if (!a)
            return psutil__error(PSUTIL_ENOMEM, 0, NULL, "adapter list");
        ULONG rc = GetAdaptersAddresses(AF_UNSPEC,
                                        GAA_FLAG_INCLUDE_ALL_INTERFACES | GAA_FLAG_SKIP_ANYCAST |
                                            GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_DNS_SERVER,
                                        NULL, a, &len);
        if (rc == NO_ERROR) {
            *out = a;
            return 0;
        }
        psutil__dealloc(a);
        if (rc == ERROR_NO_DATA) {
            *out = NULL;
            return 0;
        }
        if (rc != ERROR_BUFFER_OVERFLOW)
            return psutil__win_error(rc, "GetAdaptersAddresses");
    }
    return psutil__error(PSUTIL_EOS, 0, NULL, "GetAdaptersAddresses kept growing");
}

static int row_of(const IP_ADAPTER_ADDRESSES *a, MIB_IF_ROW2 *row)
{
    memset(row, 0, sizeof(*row));
    row->InterfaceIndex = a->IfIndex ? a->IfIndex : a->Ipv6IfIndex;
    return GetIfEntry2(row) == NO_ERROR;
}

int psutil__os_net_io(psutil_net_io_t **out, size_t *out_n)
{
    IP_ADAPTER_ADDRESSES *all;
    int rc = adapters(&all);
    if (rc != 0)
        return rc;
    psutil__pack pk;
    PSUTIL__PACK_INIT(&pk, psutil__layout_net_io);
    for (IP_ADAPTER_ADDRESSES *a = all; a && rc == 0; a = a->Next) {
        MIB_IF_ROW2 row;
        if (!row_of(a, &row))
            continue;
        psutil_net_io_t n = {0};
        n.bytes_sent = row.OutOctets;
        n.bytes_recv = row.InOctets;
        n.packets_sent = row.OutUcastPkts + row.OutNUcastPkts;
        n.packets_recv = row.InUcastPkts + row.InNUcastPkts;
        n.errin = row.InErrors;
        n.errout = row.OutErrors;
        n.dropin = row.InDiscards;
        n.dropout = row.OutDiscards;
        rc = psutil__win_pack_wstr(&pk, a->FriendlyName, -1, &n.name);
        if (rc == 0)
            rc = psutil__pack_add(&pk, &n);
    }
    psutil__dealloc(all);
    if (rc != 0) {
        psutil__pack_release(&pk);
        return rc;
    }
    return psutil__pack_finish(&pk, (void **)out, out_n);
}

static void ntop(const SOCKADDR *sa, char *buf, size_t size)
{
    buf[0] = '\0';
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const SOCKADDR_IN *)sa)->sin_addr, buf, size);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const SOCKADDR_IN6 *)sa)->sin6_addr, buf, size);
}

/* The netmask of a prefix length, in the family's text form. */
static void mask_text(int family, unsigned prefix, char *buf, size_t size)
{
    unsigned char m[16] = {0};
    unsigned bytes = family == AF_INET ? 4 : 16;
    for (unsigned i = 0; i < bytes * 8 && i < prefix; i++)
        m[i / 8] |= (unsigned char)(0x80 >> (i % 8));
    inet_ntop(family, m, buf, size);
}

static int add_addr(psutil__pack *pk, const wchar_t *nic, int family, const char *addr,
                    const char *mask)
{
    psutil_net_addr_t r = {0};
    r.family = family;
    int rc = psutil__win_pack_wstr(pk, nic, -1, &r.nic);
    if (rc == 0)
        rc = psutil__pack_str(pk, addr, strlen(addr), &r.address);
    if (rc == 0)
        rc = psutil__pack_str(pk, mask, strlen(mask), &r.netmask);
    if (rc == 0)
        rc = psutil__pack_str(pk, "", 0, &r.broadcast);
    r.ptp = r.broadcast;
    if (rc == 0)
        rc = psutil__pack_add(pk, &r);
    return rc;
}

int psutil__os_net_if_addrs(psutil_net_addr_t **out, size_t *out_n)
{
    IP_ADAPTER_ADDRESSES *all;
    int rc = adapters(&all);
    if (rc != 0)
        return rc;
    psutil__pack pk;
    PSUTIL__PACK_INIT(&pk, psutil__layout_net_addr);
    for (IP_ADAPTER_ADDRESSES *a = all; a && rc == 0; a = a->Next) {
        if (a->PhysicalAddressLength > 0) {
            /* psutil's form on Windows: upper-case bytes joined by '-'. */
            char mac[3 * MAX_ADAPTER_ADDRESS_LENGTH + 1] = "";
            size_t len = 0;
            for (ULONG i = 0; i < a->PhysicalAddressLength && i < MAX_ADAPTER_ADDRESS_LENGTH; i++)
                len += (size_t)snprintf(mac + len, sizeof(mac) - len, i ? "-%02X" : "%02X",
                                        a->PhysicalAddress[i]);
            rc = add_addr(&pk, a->FriendlyName, PSUTIL_AF_LINK, mac, "");
        }
        for (IP_ADAPTER_UNICAST_ADDRESS *u = a->FirstUnicastAddress; u && rc == 0; u = u->Next) {
            int fam = u->Address.lpSockaddr->sa_family;
            if (fam != AF_INET && fam != AF_INET6)
                continue;
            char addr[INET6_ADDRSTRLEN], mask[INET6_ADDRSTRLEN];
            ntop(u->Address.lpSockaddr, addr, sizeof(addr));
            mask_text(fam, u->OnLinkPrefixLength, mask, sizeof(mask));
            rc = add_addr(&pk, a->FriendlyName, fam == AF_INET ? PSUTIL_AF_INET : PSUTIL_AF_INET6,
                          addr, mask);
        }
    }
    psutil__dealloc(all);
    if (rc != 0) {
        psutil__pack_release(&pk);
        return rc;
    }
    return psutil__pack_finish(&pk, (void **)out, out_n);
}

int psutil__os_net_if_stats(psutil_net_stats_t **out, size_t *out_n)
{
    IP_ADAPTER_ADDRESSES *all;
    int rc = adapters(&all);
    if (rc != 0)
        return rc;
    psutil__pack pk;
    PSUTIL__PACK_INIT(&pk, psutil__layout_net_stats);
    for (IP_ADAPTER_ADDRESSES *a = all; a && rc == 0; a = a->Next) {
        MIB_IF_ROW2 row;
        if (!row_of(a, &row))
            continue;
        psutil_net_stats_t s = {0};
        s.isup = row.OperStatus == IfOperStatusUp;
        s.duplex = PSUTIL_DUPLEX_UNKNOWN;
        uint64_t bps = row.TransmitLinkSpeed;
        s.speed = bps == UINT64_MAX ? 0 : (uint32_t)(bps / 1000000);
        s.mtu = row.Mtu;
        char flags[64] = "";
        if (s.isup)
            strcat(flags, "up,running");
        if (a->IfType == IF_TYPE_SOFTWARE_LOOPBACK)
            strcat(flags, flags[0] ? ",loopback" : "loopback");
        rc = psutil__win_pack_wstr(&pk, a->FriendlyName, -1, &s.name);
        if (rc == 0)
            rc = psutil__pack_str(&pk, flags, strlen(flags), &s.flags);
        if (rc == 0)
            rc = psutil__pack_add(&pk, &s);
    }
    psutil__dealloc(all);
    if (rc != 0) {
        psutil__pack_release(&pk);
        return rc;
    }
    return psutil__pack_finish(&pk, (void **)out, out_n);
}

int psutil__os_net_snmp(psutil_net_counter_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return notsup("SNMP counters");
}

int psutil__os_net_sockstat(psutil_net_counter_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return notsup("sockstat");
}

int psutil__os_net_conntrack(psutil_net_counter_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return notsup("conntrack");
}

int psutil__os_net_softnet(psutil_softnet_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return notsup("softnet");
}

int psutil__os_net_arp(psutil_net_arp_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return notsup("ARP table");
}

/* --- sockets -------------------------------------------------------------------------- */

static int tcp_status(DWORD s)
{
    switch (s) {
    case MIB_TCP_STATE_CLOSED:
        return PSUTIL_CONN_CLOSE;
    case MIB_TCP_STATE_LISTEN:
        return PSUTIL_CONN_LISTEN;
    case MIB_TCP_STATE_SYN_SENT:
        return PSUTIL_CONN_SYN_SENT;
    case MIB_TCP_STATE_SYN_RCVD:
        return PSUTIL_CONN_SYN_RECV;
    case MIB_TCP_STATE_ESTAB:
        return PSUTIL_CONN_ESTABLISHED;
    case MIB_TCP_STATE_FIN_WAIT1:
        return PSUTIL_CONN_FIN_WAIT1;
    case MIB_TCP_STATE_FIN_WAIT2:
        return PSUTIL_CONN_FIN_WAIT2;
    case MIB_TCP_STATE_CLOSE_WAIT:
        return PSUTIL_CONN_CLOSE_WAIT;
    case MIB_TCP_STATE_CLOSING:
        return PSUTIL_CONN_CLOSING;
    case MIB_TCP_STATE_LAST_ACK:
        return PSUTIL_CONN_LAST_ACK;
    case MIB_TCP_STATE_TIME_WAIT:
        return PSUTIL_CONN_TIME_WAIT;
    default:
        return PSUTIL_CONN_CLOSE;
    }
}

/* A table from GetExtendedTcpTable / GetExtendedUdpTable, grown until it fits. */
static int table(int tcp, ULONG family, void **out)
{
    DWORD len = 16 * 1024;
    for (int attempt = 0; attempt < 8; attempt++) {
        void *t = psutil__malloc(len);
        if (!t)
            return psutil__error(PSUTIL_ENOMEM, 0, NULL, "socket table");
        DWORD rc = tcp ? GetExtendedTcpTable(t, &len, FALSE, family, TCP_TABLE_OWNER_PID_ALL, 0)
                       : GetExtendedUdpTable(t, &len, FALSE, family, UDP_TABLE_OWNER_PID, 0);
        if (rc == NO_ERROR) {
            *out = t;
            return 0;
        }
        psutil__dealloc(t);
        if (rc != ERROR_INSUFFICIENT_BUFFER)
            return psutil__win_error(rc, tcp ? "GetExtendedTcpTable" : "GetExtendedUdpTable");
        len += len / 4;
    }
    return psutil__error(PSUTIL_EOS, 0, NULL, "socket table kept growing");
}

static int add_conn(psutil__pack *pk, int family, int tcp, const void *laddr, DWORD lport,
                    const void *raddr, DWORD rport, DWORD state, DWORD pid)
{
    char l[INET6_ADDRSTRLEN] = "", r[INET6_ADDRSTRLEN] = "";
    int af = family == PSUTIL_AF_INET ? AF_INET : AF_INET6;
    inet_ntop(af, laddr, l, sizeof(l));
    psutil_connection_t c = {0};
    c.fd = -1;
    c.family = family;
    c.type = tcp ? PSUTIL_SOCK_STREAM : PSUTIL_SOCK_DGRAM;
    c.lport = ntohs((u_short)lport);
    /* No socket belongs to the System Idle Process: an owner 0 is one the table did not
     * know (wine reports 0 for all). */
    c.pid = pid ? (psutil_pid_t)pid : -1;
    if (tcp) {
        c.status = tcp_status(state);
        c.state = c.status;
        /* psutil: no remote address for a listener. */
        if (state != MIB_TCP_STATE_LISTEN) {
            inet_ntop(af, raddr, r, sizeof(r));
            c.rport = ntohs((u_short)rport);
        }
    } else {
        c.status = PSUTIL_CONN_NONE;
        c.state = PSUTIL_CONN_CLOSE;
    }
    int rc = psutil__pack_str(pk, l, strlen(l), &c.laddr);
    if (rc == 0)
        rc = psutil__pack_str(pk, r, strlen(r), &c.raddr);
    if (rc == 0)
        rc = psutil__pack_add(pk, &c);
    return rc;
}

static int collect(psutil__pack *pk, int tcp, int v6, psutil_pid_t only)
{
    void *t = NULL;
    int rc = table(tcp, v6 ? AF_INET6 : AF_INET, &t);
    if (rc != 0)
        return rc;
    if (tcp && !v6) {
        MIB_TCPTABLE_OWNER_PID *tt = t;
        for (DWORD i = 0; i < tt->dwNumEntries && rc == 0; i++) {
            MIB_TCPROW_OWNER_PID *e = &tt->table[i];
            if (only < 0 || e->dwOwningPid == (DWORD)only)
                rc = add_conn(pk, PSUTIL_AF_INET, 1, &e->dwLocalAddr, e->dwLocalPort,
                              &e->dwRemoteAddr, e->dwRemotePort, e->dwState, e->dwOwningPid);
        }
    } else if (tcp) {
        MIB_TCP6TABLE_OWNER_PID *tt = t;
        for (DWORD i = 0; i < tt->dwNumEntries && rc == 0; i++) {
            MIB_TCP6ROW_OWNER_PID *e = &tt->table[i];
            if (only < 0 || e->dwOwningPid == (DWORD)only)
                rc = add_conn(pk, PSUTIL_AF_INET6, 1, e->ucLocalAddr, e->dwLocalPort,
                              e->ucRemoteAddr, e->dwRemotePort, e->dwState, e->dwOwningPid);
        }
    } else if (!v6) {
        MIB_UDPTABLE_OWNER_PID *ut = t;
        for (DWORD i = 0; i < ut->dwNumEntries && rc == 0; i++) {
            MIB_UDPROW_OWNER_PID *e = &ut->table[i];
            if (only < 0 || e->dwOwningPid == (DWORD)only)
                rc = add_conn(pk, PSUTIL_AF_INET, 0, &e->dwLocalAddr, e->dwLocalPort, NULL, 0, 0,
                              e->dwOwningPid);
        }
    } else {
        MIB_UDP6TABLE_OWNER_PID *ut = t;
        for (DWORD i = 0; i < ut->dwNumEntries && rc == 0; i++) {
            MIB_UDP6ROW_OWNER_PID *e = &ut->table[i];
            if (only < 0 || e->dwOwningPid == (DWORD)only)
                rc = add_conn(pk, PSUTIL_AF_INET6, 0, e->ucLocalAddr, e->dwLocalPort, NULL, 0, 0,
                              e->dwOwningPid);
        }
    }
    psutil__dealloc(t);
    return rc;
}

int psutil__os_net_connections(int kind, psutil_proc_t *p, psutil_connection_t **out, size_t *out_n)
{
    psutil_pid_t only = -1;
    if (p) {
        int st;
        int rc = psutil__os_proc_status(p, &st); /* proves the handle */
        if (rc != 0)
            return rc;
        only = p->pid;
    }
    int tcp = kind == PSUTIL_CONN_KIND_ALL || kind == PSUTIL_CONN_KIND_TCP ||
              kind == PSUTIL_CONN_KIND_TCP4 || kind == PSUTIL_CONN_KIND_TCP6 ||
              kind == PSUTIL_CONN_KIND_INET || kind == PSUTIL_CONN_KIND_INET4 ||
              kind == PSUTIL_CONN_KIND_INET6;
    int udp = kind == PSUTIL_CONN_KIND_ALL || kind == PSUTIL_CONN_KIND_UDP ||
              kind == PSUTIL_CONN_KIND_UDP4 || kind == PSUTIL_CONN_KIND_UDP6 ||
              kind == PSUTIL_CONN_KIND_INET || kind == PSUTIL_CONN_KIND_INET4 ||
              kind == PSUTIL_CONN_KIND_INET6;
    int v4 = kind != PSUTIL_CONN_KIND_TCP6 && kind != PSUTIL_CONN_KIND_UDP6 &&
             kind != PSUTIL_CONN_KIND_INET6;
    int v6 = kind != PSUTIL_CONN_KIND_TCP4 && kind != PSUTIL_CONN_KIND_UDP4 &&
             kind != PSUTIL_CONN_KIND_INET4;
    psutil__pack pk;
    PSUTIL__PACK_INIT(&pk, psutil__layout_connection);
    int rc = 0;
    if (tcp && v4)
        rc = collect(&pk, 1, 0, only);
    if (rc == 0 && tcp && v6)
        rc = collect(&pk, 1, 1, only);
    if (rc == 0 && udp && v4)
        rc = collect(&pk, 0, 0, only);
    if (rc == 0 && udp && v6)
        rc = collect(&pk, 0, 1, only);
    if (rc != 0) {
        psutil__pack_release(&pk);
        return rc;
    }
    return psutil__pack_finish(&pk, (void **)out, out_n);
}
