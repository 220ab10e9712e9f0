/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_pmap.c - `psutil pmap PID`: the memory mappings of a process like `pmap -x`:
 * Address, Kbytes, RSS, Dirty, Mode, Mapping, and a total line; --json for the same.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define PMAP_USAGE "psutil pmap [--json] PID"

int cmd_pmap(int argc, char **argv)
{
    int json = 0;
    long pid = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else if (strcmp(argv[i], "--help") == 0) {
            printf("Usage: " PMAP_USAGE "\n\nMemory mappings, like pmap -x.\n");
            return CLI_OK;
        } else if (pid == 0 && cli_parse_count(argv[i], &pid) == 0)
            continue;
        else
            return cli_usage_error("pmap", PMAP_USAGE, "unexpected argument '%s'", argv[i]);
    }
    if (pid == 0)
        return cli_usage_error("pmap", PMAP_USAGE, "no pid given");
    psutil_proc_t *p;
    psutil_memory_map_t *m;
    size_t n;
    char **argvv;
    size_t argc2;
    int rc = psutil_proc_open(pid, &p);
    if (rc != 0) {
        char what[48];
        snprintf(what, sizeof(what), "process %ld", pid);
        return cli_fail(what, rc);
    }
    rc = psutil_proc_memory_maps(p, 0, &m, &n);
    if (rc != 0) {
        psutil_proc_close(p);
        return cli_fail("memory maps", rc);
    }
    uint64_t tsize = 0, trss = 0, tdirty = 0;
    cli_json j;
    if (json) {
        json_init(&j, stdout);
        json_array_begin(&j, NULL);
    } else {
        printf("%ld:  ", pid);
        if (psutil_proc_cmdline(p, &argvv, &argc2) == 0) {
            for (size_t i = 0; i < argc2; i++)
                printf("%s%s", i ? " " : "", cli_safe(argvv[i]));
            psutil_free(argvv);
        }
        printf("\n%-16s %10s %10s %10s %-5s %s\n", "Address", "Kbytes", "RSS", "Dirty", "Mode",
               "Mapping");
    }
    for (size_t i = 0; i < n; i++) {
        uint64_t dirty = m[i].shared_dirty + m[i].private_dirty;
        tsize += m[i].size;
        trss += m[i].rss;
        tdirty += dirty;
        if (json) {
            json_object_begin(&j, NULL);
            json_string(&j, "addr", m[i].addr);
            json_string(&j, "perms", m[i].perms);
            json_string(&j, "path", m[i].path);
            /* psutil's memory_maps(grouped=False) fields. */
            json_u64(&j, "rss", m[i].rss);
            json_u64(&j, "size", m[i].size);
            json_u64(&j, "pss", m[i].pss);
            json_u64(&j, "shared_clean", m[i].shared_clean);
            json_u64(&j, "shared_dirty", m[i].shared_dirty);
            json_u64(&j, "private_clean", m[i].private_clean);
            json_u64(&j, "private_dirty", m[i].private_dirty);
            json_u64(&j, "referenced", m[i].referenced);
            json_u64(&j, "anonymous", m[i].anonymous);
            json_u64(&j, "swap", m[i].swap);
            json_object_end(&j);
            continue;
        }
        char start[32];
        snprintf(start, sizeof(start), "%.*s", (int)strcspn(m[i].addr, "-"), m[i].addr);
        printf("%016llx %10llu %10llu %10llu %-5.4s %s\n", strtoull(start, NULL, 16),
               (unsigned long long)(m[i].size / 1024), (unsigned long long)(m[i].rss / 1024),
               (unsigned long long)(dirty / 1024), cli_safe(m[i].perms), cli_safe(m[i].path));
    }
    if (json) {
        json_array_end(&j);
        json_finish(&j);
    } else {
        printf("---------------- ---------- ---------- ----------\n");
        printf("total kB         %10llu %10llu %10llu\n", (unsigned long long)(tsize / 1024),
               (unsigned long long)(trss / 1024), (unsigned long long)(tdirty / 1024));
    }
    psutil_free(m);
    psutil_proc_close(p);
    return CLI_OK;
}
