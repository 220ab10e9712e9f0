/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * procfs.c - small helpers shared by the Linux backend files: naming the file behind
 * a parse error in the last-error record, and reading /proc/stat.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "linux.h"

int psutil__linux_parse_failed(enum psutil__root_kind kind, const char *relpath, int rc)
{
    char root[PSUTIL__ROOT_MAX], path[PSUTIL__ROOT_MAX + 256];
    if (rc != PSUTIL_EPARSE)
        return rc;
    psutil__root_path(kind, root);
    snprintf(path, sizeof(path), "%s/%s", root, relpath);
    return psutil__error_context(path, NULL);
}

int psutil__linux_read_stat(psutil__proc_stat *st, psutil__cpu_ticks *percpu, size_t cap)
{
    psutil__buf b = {0};
    int rc = psutil__read_root_file(PSUTIL__ROOT_PROC, "stat", &b);
    if (rc == 0)
        rc = psutil__linux_parse_failed(PSUTIL__ROOT_PROC, "stat",
                                        psutil__parse_proc_stat(b.data, b.len, st, percpu, cap));
    psutil__buf_release(&b);
    return rc;
}

void psutil__linux_host_file(const char *rel, char *out, size_t size)
{
    const char *tail = strncmp(rel, "self/", 5) == 0 ? rel + 5 : rel;
    snprintf(out, size, "%s", rel);
    if (psutil__root_is_default(PSUTIL__ROOT_PROC))
        return;
    int root = psutil__root_open(PSUTIL__ROOT_PROC);
    if (root < 0)
        return;
    char host[256];
    snprintf(host, sizeof(host), "1/%s", tail);
    if (faccessat(root, host, F_OK, 0) == 0)
        snprintf(out, size, "%s", host);
    close(root);
}

int psutil__linux_read_list(const char *file, const psutil__layout *layout,
                            int (*parse)(const char *, size_t, psutil__pack *), void **out,
                            size_t *out_n)
{
    psutil__buf b = {0};
    psutil__pack pk;
    PSUTIL__PACK_INIT(&pk, *layout);
    char rel[64];
    psutil__linux_host_file(file, rel, sizeof(rel));
    int rc = psutil__read_root_file(PSUTIL__ROOT_PROC, rel, &b);
    if (rc == 0)
        rc = parse(b.data, b.len, &pk);
    if (rc == 0)
        rc = psutil__pack_finish(&pk, out, out_n);
    psutil__pack_release(&pk);
    psutil__buf_release(&b);
    return rc;
}
