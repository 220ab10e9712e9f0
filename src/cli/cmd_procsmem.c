/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_procsmem.c - `psutil procsmem`: real memory per process, like psutil's
 * procsmem.py and smem: USS (memory freed if it exited), PSS (its fair share of shared
 * pages), swap and RSS, sorted by USS. Processes whose smaps cannot be read (other
 * users', without root) are counted and skipped.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define PROCSMEM_USAGE "psutil procsmem [--json]"

struct row {
    psutil_pid_t pid;
    char *user, *cmd;
    char **av; /* the arguments (a library block), for --json */
    size_t ac;
    psutil_proc_memory_full_t m;
};

static int by_uss(const void *a, const void *b)
{
    const struct row *x = a, *y = b;
    return x->m.uss < y->m.uss ? -1 : x->m.uss > y->m.uss;
}

int cmd_procsmem(int argc, char **argv)
{
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else if (strcmp(argv[i], "--help") == 0) {
            printf("Usage: " PROCSMEM_USAGE "\n\nUSS, PSS, swap and RSS per process.\n");
            return CLI_OK;
        } else
            return cli_usage_error("procsmem", PROCSMEM_USAGE, "unknown option '%s'", argv[i]);
    }
    psutil_proc_iter_t *it;
    psutil_proc_t *p;
    struct row *rows = NULL;
    size_t n = 0, cap = 0, denied = 0, unsupported = 0;
    int rc = psutil_proc_iter_open(&it);
    while (rc == 0 && (rc = psutil_proc_iter_next(it, &p)) == 0 && p) {
        struct row r = {.pid = psutil_proc_pid(p)};
        int mrc = psutil_proc_memory_full_info(p, &r.m);
        if (mrc == PSUTIL_EACCES)
            denied++;
        unsupported += mrc == PSUTIL_ENOTSUP;
        if (mrc == 0 && r.m.base.vms > 0 && psutil_proc_username(p, &r.user) == 0) {
            char **av = NULL, *name = NULL;
            size_t ac = 0, len = 1;
            /* The command line joined by spaces (malloc'd), else the name. */
            if (psutil_proc_cmdline(p, &av, &ac) == 0 && ac > 0) {
                for (size_t i = 0; i < ac; i++)
                    len += strlen(av[i]) + 1;
                r.cmd = cli_alloc(len, 1);
                for (size_t i = 0; i < ac; i++) {
                    strcat(r.cmd, av[i]);
                    if (i + 1 < ac)
                        strcat(r.cmd, " ");
                }
            } else if (psutil_proc_name(p, &name) == 0) {
                r.cmd = cli_strdup(name);
                psutil_free(name);
            }
            r.av = av;
            r.ac = av ? ac : 0;
            if (n == cap) {
                cap = cap ? cap * 2 : 256;
                rows = cli_realloc(rows, cap, sizeof(*rows));
            }
            rows[n++] = r;
        }
        psutil_proc_close(p);
    }
    psutil_proc_iter_close(it);
    if (rc != 0) {
        free(rows);
        return cli_fail("process list", rc);
    }
    /* A system with no USS at all (Windows without a working-set list: wine) is an
     * error, not an empty table. */
    if (n == 0 && unsupported > 0) {
        free(rows);
        return cli_fail("USS per process", PSUTIL_ENOTSUP);
    }
    if (n > 1)
        qsort(rows, n, sizeof(*rows), by_uss);
    cli_json j;
    if (json) {
        json_init(&j, stdout);
        json_object_begin(&j, NULL);
        json_array_begin(&j, "processes");
    } else {
        printf("%-8s %-10s %10s %10s %10s %10s  %s\n", "PID", "User", "USS", "PSS", "Swap", "RSS",
               "Cmdline");
    }
    for (size_t i = 0; i < n; i++) {
        struct row *r = &rows[i];
        const char *cmd = r->cmd ? r->cmd : "";
        if (json) {
            /* psutil's names: username, cmdline as a list, memory_full_info's figures. */
            json_object_begin(&j, NULL);
            json_i64(&j, "pid", r->pid);
            json_string(&j, "username", r->user);
            json_array_begin(&j, "cmdline");
            for (size_t k = 0; k < r->ac; k++)
                json_string(&j, NULL, r->av[k]);
            json_array_end(&j);
            json_u64(&j, "uss", r->m.uss);
            json_u64(&j, "pss", r->m.pss);
            json_u64(&j, "swap", r->m.swap);
            json_u64(&j, "rss", r->m.base.rss);
            json_object_end(&j);
        } else {
            char uss[32], pss[32], swap[32], rss[32];
            cli_human_bytes(uss, sizeof(uss), r->m.uss);
            cli_human_bytes(pss, sizeof(pss), r->m.pss);
            cli_human_bytes(swap, sizeof(swap), r->m.swap);
            cli_human_bytes(rss, sizeof(rss), r->m.base.rss);
            printf("%-8lld %-10.10s %10s %10s %10s %10s  %.80s\n", (long long)r->pid,
                   cli_safe(r->user), uss, pss, swap, rss, cli_safe(cmd));
        }
        psutil_free(r->user);
        psutil_free(r->av);
        free(r->cmd);
    }
    if (json) {
        json_array_end(&j);
        json_u64(&j, "access_denied", denied);
        json_object_end(&j);
        json_finish(&j);
    } else if (denied) {
        printf("%zu processes skipped: access denied (run as root to see them)\n", denied);
    }
    free(rows);
    return CLI_OK;
}
