/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net.c - the portable side of the network API: argument checks, the nowrap tracker
 * over per-NIC counters and their total, connection kinds and status names.
 */
#include <string.h>

#include "internal.h"
#include "os.h"

#define NOWRAP_NET 2
#define NET_NVALS 8

static void to_array(const psutil_net_io_t *d, uint64_t v[NET_NVALS])
{
    v[0] = d->bytes_sent;
    v[1] = d->bytes_recv;
    v[2] = d->packets_sent;
    v[3] = d->packets_recv;
    v[4] = d->errin;
    v[5] = d->errout;
    v[6] = d->dropin;
    v[7] = d->dropout;
}

static void from_array(psutil_net_io_t *d, const uint64_t v[NET_NVALS])
{
    d->bytes_sent = v[0];
    d->bytes_recv = v[1];
    d->packets_sent = v[2];
    d->packets_recv = v[3];
    d->errin = v[4];
    d->errout = v[5];
    d->dropin = v[6];
    d->dropout = v[7];
}

static int read_nics(psutil_nowrap_t *nw, psutil_net_io_t **out, size_t *n)
{
    psutil_net_io_t *v = NULL;
    int rc = nw ? psutil__nowrap_begin(nw, NOWRAP_NET) : 0;
    if (rc == 0)
        rc = psutil__os_net_io(&v, n);
    for (size_t i = 0; rc == 0 && nw && i < *n; i++) {
        uint64_t vals[NET_NVALS];
        to_array(&v[i], vals);
        rc = psutil__nowrap_apply(nw, v[i].name, vals, NET_NVALS);
        from_array(&v[i], vals);
    }
    if (rc != 0) {
        psutil__dealloc(v);
        return rc;
    }
    if (nw)
        psutil__nowrap_sweep(nw);
    *out = v;
    return 0;
}

int psutil_net_io_counters_pernic(psutil_nowrap_t *nw, psutil_net_io_t **out, size_t *out_n)
{
    psutil_net_io_t *v;
    size_t n;
    if (!out || !out_n)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL output");
    int rc = read_nics(nw, &v, &n);
    if (rc == 0) {
        *out = v;
        *out_n = n;
    }
    return rc;
}

int psutil_net_io_counters(psutil_nowrap_t *nw, psutil_net_io_t *out)
{
    psutil_net_io_t *v, sum;
    size_t n;
    uint64_t total[NET_NVALS] = {0};
    if (!out)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL output");
    int rc = read_nics(nw, &v, &n);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        uint64_t vals[NET_NVALS];
        to_array(&v[i], vals);
        for (size_t k = 0; k < NET_NVALS; k++)
            total[k] += vals[k];
    }
    psutil__dealloc(v);
    from_array(&sum, total);
    sum.name = "";
    *out = sum;
    return 0;
}

int psutil_net_if_addrs(psutil_net_addr_t **out, size_t *out_n)
{
    if (!out || !out_n)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL output");
    return psutil__os_net_if_addrs(out, out_n);
}

int psutil_net_if_stats(psutil_net_stats_t **out, size_t *out_n)
{
    if (!out || !out_n)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL output");
    return psutil__os_net_if_stats(out, out_n);
}

static int valid_kind(int kind)
{
    return kind >= PSUTIL_CONN_ALL && kind <= PSUTIL_CONN_UNIX;
}

int psutil_net_connections(int kind, psutil_connection_t **out, size_t *out_n)
{
    if (!out || !out_n)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL output");
    if (!valid_kind(kind))
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "unknown connection kind %d", kind);
    return psutil__os_net_connections(kind, NULL, out, out_n);
}

int psutil_proc_connections(psutil_proc_t *p, int kind, psutil_connection_t **out, size_t *out_n)
{
    if (!p || !out || !out_n)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL handle or output");
    if (!valid_kind(kind))
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "unknown connection kind %d", kind);
    return psutil__os_net_connections(kind, p, out, out_n);
}

const char *psutil_conn_status_name(int status)
{
    static const char *const names[] = {"NONE",       "ESTABLISHED", "SYN_SENT",  "SYN_RECV",
                                        "FIN_WAIT1",  "FIN_WAIT2",   "TIME_WAIT", "CLOSE",
                                        "CLOSE_WAIT", "LAST_ACK",    "LISTEN",    "CLOSING"};
    return status >= 0 && status <= PSUTIL_CONN_CLOSING ? names[status] : "?";
}
