/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_win_net.c - NICs and sockets on the Windows backend, compared with the older IP
 * Helper tables the backend does not read (GetTcpTable, GetUdpTable, GetIpAddrTable,
 * GetIfTable) and with sockets the test opens itself; psutil_sendfile over a loopback
 * connection, byte for byte.
 */
#include <winsock2.h>
#include <ws2tcpip.h>

#include "win_util.h"

#include <io.h>
#include <iphlpapi.h>
#include <stdio.h>
#include <string.h>

static void wsa(void)
{
    WSADATA d;
    CHECK(WSAStartup(MAKEWORD(2, 2), &d) == 0);
}

static SOCKET listener(int type, int *port)
{
    SOCKET s = socket(AF_INET, type, 0);
    CHECK(s != INVALID_SOCKET);
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK(bind(s, (struct sockaddr *)&a, sizeof(a)) == 0);
    if (type == SOCK_STREAM)
        CHECK(listen(s, 4) == 0);
    int len = sizeof(a);
    CHECK(getsockname(s, (struct sockaddr *)&a, &len) == 0);
    *port = ntohs(a.sin_port);
    return s;
}

static const psutil_connection_t *find(const psutil_connection_t *c, size_t n, int type, int lport,
                                       int rport)
{
    for (size_t i = 0; i < n; i++)
        if (c[i].type == type && c[i].lport == lport && c[i].rport == rport &&
            strcmp(c[i].laddr, "127.0.0.1") == 0)
            return &c[i];
    return NULL;
}

/* A listener, a connected pair and a UDP socket of ours, with their states, and the
 * TCP ones as GetTcpTable (no owners) lists them. */
TEST(our_sockets_are_listed_with_their_states_and_owner)
{
    wsa();
    int lport, uport;
    SOCKET l = listener(SOCK_STREAM, &lport);
    SOCKET u = listener(SOCK_DGRAM, &uport);
    SOCKET c = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((u_short)lport)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK(connect(c, (struct sockaddr *)&a, sizeof(a)) == 0);
    SOCKET acc = accept(l, NULL, NULL);
    CHECK(acc != INVALID_SOCKET);
    struct sockaddr_in ca;
    int calen = sizeof(ca);
    CHECK(getsockname(c, (struct sockaddr *)&ca, &calen) == 0);
    int cport = ntohs(ca.sin_port);

    psutil_connection_t *conns;
    size_t n;
    CHECK_OK(psutil_net_connections(PSUTIL_CONN_KIND_INET4, &conns, &n));
    const psutil_connection_t *x = find(conns, n, PSUTIL_SOCK_STREAM, lport, 0);
    CHECK_MSG(x, "listener on %d not listed among %zu", lport, n);
    CHECK(x->status == PSUTIL_CONN_LISTEN && x->raddr[0] == '\0');
    /* Our pid, or -1 (unknown) where the table has no owners (wine): never another's. */
    CHECK(x->pid == (psutil_pid_t)GetCurrentProcessId() || (under_wine() && x->pid == -1));
    CHECK(x->family == PSUTIL_AF_INET);
    x = find(conns, n, PSUTIL_SOCK_STREAM, cport, lport);
    CHECK_MSG(x, "client %d -> %d not listed", cport, lport);
    CHECK(x->status == PSUTIL_CONN_ESTABLISHED && strcmp(x->raddr, "127.0.0.1") == 0);
    x = find(conns, n, PSUTIL_SOCK_STREAM, lport, cport);
    CHECK_MSG(x && x->status == PSUTIL_CONN_ESTABLISHED, "accepted side not listed");
    x = find(conns, n, PSUTIL_SOCK_DGRAM, uport, 0);
    CHECK_MSG(x && x->status == PSUTIL_CONN_NONE, "UDP %d not listed", uport);

    /* GetTcpTable: the same local/remote pairs and states. */
    static char buf[1 << 20];
    ULONG len = sizeof(buf);
    CHECK(GetTcpTable((MIB_TCPTABLE *)buf, &len, FALSE) == NO_ERROR);
    MIB_TCPTABLE *tt = (MIB_TCPTABLE *)buf;
    int seen = 0;
    for (DWORD i = 0; i < tt->dwNumEntries; i++) {
        MIB_TCPROW *r = &tt->table[i];
        int lp = ntohs((u_short)r->dwLocalPort), rp = ntohs((u_short)r->dwRemotePort);
        if (lp == lport && r->dwState == MIB_TCP_STATE_LISTEN)
            seen |= 1;
        if (lp == cport && rp == lport && r->dwState == MIB_TCP_STATE_ESTAB)
            seen |= 2;
    }
    CHECK_MSG(seen == 3, "GetTcpTable saw %d", seen);
    psutil_free(conns);

    /* Only TCP, only UDP, and one process's. */
    CHECK_OK(psutil_net_connections(PSUTIL_CONN_KIND_UDP, &conns, &n));
    for (size_t i = 0; i < n; i++)
        CHECK(conns[i].type == PSUTIL_SOCK_DGRAM);
    psutil_free(conns);
    closesocket(acc);
    closesocket(c);
    closesocket(u);
    closesocket(l);
}

/* The owner of each socket is the process that opened it (GetExtendedTcpTable's owning
 * pid), and a process's connections are its own. */
TEST(sockets_carry_their_owners_pid)
{
    if (under_wine())
        harness_skip("wine's GetExtendedTcpTable/GetExtendedUdpTable report owner pid 0");
    wsa();
    int lport, uport;
    SOCKET l = listener(SOCK_STREAM, &lport);
    SOCKET u = listener(SOCK_DGRAM, &uport);
    psutil_connection_t *conns;
    size_t n;
    CHECK_OK(psutil_net_connections(PSUTIL_CONN_KIND_INET4, &conns, &n));
    const psutil_connection_t *x = find(conns, n, PSUTIL_SOCK_STREAM, lport, 0);
    CHECK(x && x->pid == (psutil_pid_t)GetCurrentProcessId());
    x = find(conns, n, PSUTIL_SOCK_DGRAM, uport, 0);
    CHECK(x && x->pid == (psutil_pid_t)GetCurrentProcessId());
    psutil_free(conns);
    psutil_proc_t *self;
    CHECK_OK(psutil_proc_open((psutil_pid_t)GetCurrentProcessId(), &self));
    CHECK_OK(psutil_proc_connections(self, PSUTIL_CONN_KIND_ALL, &conns, &n));
    CHECK_MSG(n == 2, "%zu sockets of ours", n);
    for (size_t i = 0; i < n; i++)
        CHECK(conns[i].pid == (psutil_pid_t)GetCurrentProcessId());
    psutil_free(conns);
    psutil_proc_close(self);
    closesocket(u);
    closesocket(l);
}

/* Every IPv4 address of GetIpAddrTable is one of ours, with its mask, on the NIC of its
 * interface index. */
TEST(ipv4_addresses_agree_with_getipaddrtable)
{
    static char buf[1 << 16];
    ULONG len = sizeof(buf);
    CHECK(GetIpAddrTable((MIB_IPADDRTABLE *)buf, &len, FALSE) == NO_ERROR);
    MIB_IPADDRTABLE *t = (MIB_IPADDRTABLE *)buf;
    psutil_net_addr_t *a;
    size_t n;
    CHECK_OK(psutil_net_if_addrs(&a, &n));
    CHECK(t->dwNumEntries > 0);
    int loopback = 0;
    for (DWORD i = 0; i < t->dwNumEntries; i++) {
        char addr[32], mask[32];
        inet_ntop(AF_INET, &t->table[i].dwAddr, addr, sizeof(addr));
        inet_ntop(AF_INET, &t->table[i].dwMask, mask, sizeof(mask));
        int found = 0;
        for (size_t j = 0; j < n; j++)
            if (a[j].family == PSUTIL_AF_INET && strcmp(a[j].address, addr) == 0)
                found = strcmp(a[j].netmask, mask) == 0;
        CHECK_MSG(found, "%s/%s not among our %zu addresses", addr, mask, n);
        loopback |= strcmp(addr, "127.0.0.1") == 0;
    }
    CHECK(loopback);
    psutil_free(a);
}

/* GetIfTable (MIB_IFROW, 32-bit counters) against GetIfEntry2's: same MTU and state, and
 * the byte counters' low 32 bits bracketed by two readings. */
TEST(nic_counters_and_state_agree_with_getiftable)
{
    static char buf[1 << 18];
    ULONG len = sizeof(buf);
    CHECK(GetIfTable((MIB_IFTABLE *)buf, &len, FALSE) == NO_ERROR);
    MIB_IFTABLE *t = (MIB_IFTABLE *)buf;
    psutil_net_io_t *io;
    psutil_net_stats_t *st;
    size_t nio, nst;
    CHECK_OK(psutil_net_io_counters_pernic(NULL, &io, &nio));
    CHECK_OK(psutil_net_if_stats(&st, &nst));
    static char buf2[1 << 18];
    len = sizeof(buf2);
    CHECK(GetIfTable((MIB_IFTABLE *)buf2, &len, FALSE) == NO_ERROR);
    MIB_IFTABLE *t2 = (MIB_IFTABLE *)buf2;
    CHECK(nio > 0 && nst == nio);
    /* Names: the adapters' friendly names, matched to GetIfTable by MTU and octets. */
    size_t matched = 0;
    for (size_t i = 0; i < nst; i++) {
        CHECK(strcmp(st[i].name, io[i].name) == 0);
        for (DWORD j = 0; j < t->dwNumEntries && j < t2->dwNumEntries; j++) {
            MIB_IFROW *r = &t->table[j], *r2 = &t2->table[j];
            if (r->dwMtu != st[i].mtu || r->dwIndex != r2->dwIndex)
                continue;
            unsigned lo = r->dwInOctets, hi = r2->dwInOctets;
            unsigned ours = (unsigned)(io[i].bytes_recv & 0xFFFFFFFFu);
            if (ours >= lo && ours <= hi) {
                matched++;
                CHECK(st[i].isup == (r->dwOperStatus == IF_OPER_STATUS_OPERATIONAL));
                break;
            }
        }
    }
    CHECK_MSG(matched == nst, "%zu of %zu NICs matched GetIfTable", matched, nst);
    psutil_free(io);
    psutil_free(st);
}

struct sink {
    SOCKET s;
    char *got;
    size_t n, cap;
};

static DWORD WINAPI drain(LPVOID arg)
{
    struct sink *k = arg;
    for (;;) {
        int r = recv(k->s, k->got + k->n, (int)(k->cap - k->n), 0);
        if (r <= 0)
            break;
        k->n += (size_t)r;
        if (k->n == k->cap)
            break;
    }
    return 0;
}

/* psutil_sendfile (TransmitFile) sends the file's bytes from an offset, exactly. */
TEST(sendfile_sends_the_files_bytes_from_the_offset)
{
    wsa();
    char path[MAX_PATH];
    snprintf(path, sizeof(path), "%s/tests/sendfile-probe.tmp", build_dir());
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    static unsigned char data[3 * 1024 * 1024 + 17];
    for (size_t i = 0; i < sizeof(data); i++)
        data[i] = (unsigned char)(i * 7 + i / 251);
    CHECK(fwrite(data, 1, sizeof(data), f) == sizeof(data));
    fclose(f);
    int lport;
    SOCKET l = listener(SOCK_STREAM, &lport);
    SOCKET c = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((u_short)lport)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK(connect(c, (struct sockaddr *)&a, sizeof(a)) == 0);
    SOCKET acc = accept(l, NULL, NULL);
    static char got[sizeof(data)];
    size_t offset = 12345, count = sizeof(data) - offset - 1000;
    struct sink k = {acc, got, 0, count};
    HANDLE th = CreateThread(NULL, 0, drain, &k, 0, NULL);
    FILE *in = fopen(path, "rb");
    CHECK(in != NULL);
    uint64_t sent = 0;
    CHECK_OK(psutil_sendfile((int)c, _fileno(in), offset, count, -1, &sent));
    CHECK_EQ_U64(sent, count);
    WaitForSingleObject(th, 10000);
    CloseHandle(th);
    CHECK_EQ_U64(k.n, count);
    CHECK(memcmp(got, data + offset, count) == 0);
    /* The file's own position did not move. */
    CHECK(ftell(in) == 0);
    fclose(in);
    remove(path);
    closesocket(acc);
    closesocket(c);
    closesocket(l);
}
