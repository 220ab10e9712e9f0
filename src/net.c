/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net.c - the portable side of the network API: argument checks, the nowrap tracker
 * over per-NIC counters and their total, connection kinds and status names.
 */
#include <string.h>

#include "internal.h"
#include "os.h"

#define NOWRAP_NET 2

static const size_t net_fields[] = {
    offsetof(psutil_net_io_t, bytes_sent),   offsetof(psutil_net_io_t, bytes_recv),
    offsetof(psutil_net_io_t, packets_sent), offsetof(psutil_net_io_t, packets_recv),
    offsetof(psutil_net_io_t, errin),        offsetof(psutil_net_io_t, errout),
    offsetof(psutil_net_io_t, dropin),       offsetof(psutil_net_io_t, dropout),
    offsetof(psutil_net_io_t, fifoin),       offsetof(psutil_net_io_t, framein),
    offsetof(psutil_net_io_t, compressedin), offsetof(psutil_net_io_t, multicastin),
    offsetof(psutil_net_io_t, fifoout),      offsetof(psutil_net_io_t, collisions),
    offsetof(psutil_net_io_t, carrierout),   offsetof(psutil_net_io_t, compressedout)};
static const psutil__counter_layout net_layout = {sizeof(psutil_net_io_t),
                                                  offsetof(psutil_net_io_t, name), net_fields,
                                                  sizeof(net_fields) / sizeof(net_fields[0])};

static int read_nics(psutil_nowrap_t *nw, psutil_net_io_t **out, size_t *n)
{
    psutil_net_io_t *v = NULL;
    int rc = nw ? psutil__nowrap_begin(nw, NOWRAP_NET) : 0;
    if (rc == 0)
        rc = psutil__os_net_io(&v, n);
    if (rc == 0 && nw)
        rc = psutil__nowrap_records(nw, &net_layout, v, *n);
    if (rc != 0) {
        psutil__dealloc(v);
        return rc;
    }
    *out = v;
    return 0;
}

int(psutil_net_io_counters_pernic)(psutil_nowrap_t *nw, psutil_net_io_t **out, size_t *out_n,
                                   size_t stride)
{
    PSUTIL__LIST_OUT(psutil_net_io_t, psutil__layout_net_io, out, out_n, stride,
                     read_nics(nw, &blk_, &n_));
}

/* Every NIC's counters summed, named "". */
static int nics_total(psutil_nowrap_t *nw, psutil_net_io_t *out)
{
    psutil_net_io_t *v, sum = {0};
    size_t n;
    int rc = read_nics(nw, &v, &n);
    if (rc != 0)
        return rc;
    psutil__counters_sum(&net_layout, v, n, &sum);
    psutil__dealloc(v);
    sum.name = "";
    *out = sum;
    return 0;
}

int(psutil_net_io_counters)(psutil_nowrap_t *nw, psutil_net_io_t *out, size_t size)
{
    PSUTIL__FILL_OUT(psutil_net_io_t, out, size, nics_total(nw, &tmp_));
}

int(psutil_net_if_addrs)(psutil_net_addr_t **out, size_t *out_n, size_t stride)
{
    PSUTIL__LIST_OUT(psutil_net_addr_t, psutil__layout_net_addr, out, out_n, stride,
                     psutil__os_net_if_addrs(&blk_, &n_));
}

int(psutil_net_if_stats)(psutil_net_stats_t **out, size_t *out_n, size_t stride)
{
    PSUTIL__LIST_OUT(psutil_net_stats_t, psutil__layout_net_stats, out, out_n, stride,
                     psutil__os_net_if_stats(&blk_, &n_));
}

static int valid_kind(int kind)
{
    return kind >= PSUTIL_CONN_KIND_ALL && kind <= PSUTIL_CONN_KIND_UNIX;
}

/* The listing at the library's stride, after the kind's check. */
static int connections(int kind, psutil_connection_t **out, size_t *out_n)
{
    if (!valid_kind(kind))
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "unknown connection kind %d", kind);
    return psutil__os_net_connections(kind, NULL, out, out_n);
}

int(psutil_net_connections)(int kind, psutil_connection_t **out, size_t *out_n, size_t stride)
{
    PSUTIL__LIST_OUT(psutil_connection_t, psutil__layout_connection, out, out_n, stride,
                     connections(kind, &blk_, &n_));
}

static int proc_connections(psutil_proc_t *p, int kind, psutil_connection_t **out, size_t *out_n)
{
    if (!p)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL handle or output");
    if (!valid_kind(kind))
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "unknown connection kind %d", kind);
    return psutil__os_net_connections(kind, p, out, out_n);
}

int(psutil_proc_connections)(psutil_proc_t *p, int kind, psutil_connection_t **out, size_t *out_n,
                             size_t stride)
{
    PSUTIL__LIST_OUT(psutil_connection_t, psutil__layout_connection, out, out_n, stride,
                     proc_connections(p, kind, &blk_, &n_));
}

const char *psutil_conn_status_name(int status)
{
    static const char *const names[] = {"NONE",       "ESTABLISHED", "SYN_SENT",  "SYN_RECV",
                                        "FIN_WAIT1",  "FIN_WAIT2",   "TIME_WAIT", "CLOSE",
                                        "CLOSE_WAIT", "LAST_ACK",    "LISTEN",    "CLOSING"};
    return status >= 0 && status <= PSUTIL_CONN_CLOSING ? names[status] : "?";
}

int(psutil_net_snmp)(psutil_net_counter_t **out, size_t *out_n, size_t stride)
{
    PSUTIL__LIST_OUT(psutil_net_counter_t, psutil__layout_net_counter, out, out_n, stride,
                     psutil__os_net_snmp(&blk_, &n_));
}

int(psutil_net_conntrack)(psutil_net_counter_t **out, size_t *out_n, size_t stride)
{
    PSUTIL__LIST_OUT(psutil_net_counter_t, psutil__layout_net_counter, out, out_n, stride,
                     psutil__os_net_conntrack(&blk_, &n_));
}

int(psutil_net_softnet)(psutil_softnet_t **out, size_t *out_n, size_t stride)
{
    PSUTIL__LIST_OUT(psutil_softnet_t, psutil__layout_softnet, out, out_n, stride,
                     psutil__os_net_softnet(&blk_, &n_));
}

int(psutil_net_arp)(psutil_net_arp_t **out, size_t *out_n, size_t stride)
{
    PSUTIL__LIST_OUT(psutil_net_arp_t, psutil__layout_net_arp, out, out_n, stride,
                     psutil__os_net_arp(&blk_, &n_));
}

int(psutil_net_sockstat)(psutil_net_counter_t **out, size_t *out_n, size_t stride)
{
    PSUTIL__LIST_OUT(psutil_net_counter_t, psutil__layout_net_counter, out, out_n, stride,
                     psutil__os_net_sockstat(&blk_, &n_));
}
