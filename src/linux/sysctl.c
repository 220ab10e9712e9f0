/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sysctl.c - a kernel tunable or figure by sysctl(8)'s name, as integers. Source:
 * /proc/sys (Documentation/admin-guide/sysctl/): "fs.file-nr" is fs/file-nr ("allocated
 * 0 maximum", fs.rst), "kernel.random.entropy_avail" kernel/random/entropy_avail,
 * "net.netfilter.nf_conntrack_count" net/netfilter/nf_conntrack_count (the caller's
 * network namespace). A name with '/' is a path below /proc/sys as given (sysctl(8)'s
 * rule, for names whose parts hold dots: "net/ipv4/conf/eth0.100/forwarding").
 */
#include <string.h>

#include "../os.h"
#include "linux.h"

int psutil__parse_sysctl(const char *buf, size_t len, int64_t *values, size_t max, size_t *n)
{
    const char *p = buf, *end = buf + len;
    size_t k = 0;
    for (;;) {
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\n'))
            p++;
        if (p == end)
            break;
        int64_t v;
        if (psutil__parse_i64_sat(&p, end, &v) != 0 ||
            (p < end && *p != ' ' && *p != '\t' && *p != '\n'))
            return psutil__error(PSUTIL_EPARSE, 0, NULL, "a value that is not an integer");
        if (k < max)
            values[k] = v;
        k++;
    }
    *n = k;
    return 0;
}

int psutil__os_sysctl(const char *name, int64_t *values, size_t max, size_t *n)
{
    char rel[288];
    size_t len = strlen(name);
    int slashes = strchr(name, '/') != NULL;
    memcpy(rel, "sys/", 4);
    for (size_t i = 0; i <= len; i++)
        rel[4 + i] = !slashes && name[i] == '.' ? '/' : name[i];
    psutil__buf b = {0};
    int rc = psutil__read_root_file(PSUTIL__ROOT_PROC, rel, &b);
    if (rc == 0)
        rc = psutil__linux_parse_failed(PSUTIL__ROOT_PROC, rel,
                                        psutil__parse_sysctl(b.data, b.len, values, max, n));
    psutil__buf_release(&b);
    return rc;
}
