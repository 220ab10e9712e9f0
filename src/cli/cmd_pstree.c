/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_pstree.c - `psutil pstree [PID]`: the process tree as name(pid) lines joined by
 * ASCII branches, children in pid order. Every process whose parent is not in the
 * snapshot is a root (pid 0's children, but also processes whose parent hidepid or a
 * container hides), as psutil's pstree.py roots the tree at the parents it did not see.
 * The walk is cli_tree_walk's (tree.c, shared with ps --forest): iterative, so a chain
 * thousands of processes deep costs memory, not the C stack; each process is drawn once,
 * so a ppid cycle in a foreign or corrupt tree ends (a cycle nobody roots is drawn from its
 * lowest pid).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define PSTREE_USAGE "psutil pstree [PID]"

struct node {
    psutil_pid_t pid, ppid;
    char *name;
};

static int cmp_pid(const void *a, const void *b)
{
    const struct node *x = a, *y = b;
    return (x->pid > y->pid) - (x->pid < y->pid);
}

/* The drawing state: each level's "last child" flag decides its column of the prefix. */
struct draw {
    const struct node *nodes;
    unsigned char *last_at; /* per depth */
};

static void draw_node(void *ctx, size_t i, int depth, int last)
{
    struct draw *d = ctx;
    d->last_at[depth] = (unsigned char)last;
    for (int k = 1; k < depth; k++)
        fputs(d->last_at[k] ? "    " : "|   ", stdout);
    if (depth > 0)
        fputs(last ? "`-- " : "|-- ", stdout);
    printf("%s(%lld)\n", cli_safe(d->nodes[i].name), (long long)d->nodes[i].pid);
}

int cmd_pstree(int argc, char **argv)
{
    psutil_pid_t root = 0;
    if (argc > 2)
        return cli_usage_error("pstree", PSTREE_USAGE, "too many arguments");
    if (argc == 2) {
        long v;
        if (strcmp(argv[1], "--help") == 0) {
            printf("Usage: " PSTREE_USAGE "\n\nThe process tree (from PID).\n");
            return CLI_OK;
        }
        if (cli_parse_count(argv[1], &v) != 0)
            return cli_usage_error("pstree", PSTREE_USAGE, "'%s' is not a pid", argv[1]);
        root = v;
    }
    /* One snapshot: ppid and name of every process, each row read through one /proc/PID
     * directory (a process that ends meanwhile is simply absent). */
    psutil_proc_row_t *rows;
    size_t nrows;
    int rc = psutil_proc_table(PSUTIL_PF_PPID | PSUTIL_PF_NAME, &rows, &nrows);
    if (rc != 0)
        return cli_fail("process list", rc);
    struct node *nodes = cli_alloc(nrows, sizeof(*nodes));
    for (size_t i = 0; i < nrows; i++) {
        nodes[i].pid = rows[i].pid;
        nodes[i].ppid = rows[i].ppid;
        nodes[i].name = cli_strdup(rows[i].name);
    }
    psutil_free(rows);
    qsort(nodes, nrows, sizeof(*nodes), cmp_pid);
    psutil_pid_t *pids = cli_alloc(nrows, sizeof(*pids)), *ppids = cli_alloc(nrows, sizeof(*ppids));
    size_t start = nrows; /* every root */
    for (size_t i = 0; i < nrows; i++) {
        pids[i] = nodes[i].pid;
        ppids[i] = nodes[i].ppid;
        if (root && nodes[i].pid == root)
            start = i;
    }
    int status = CLI_OK;
    struct draw d = {nodes, cli_alloc(nrows + 1, 1)};
    if (root && start == nrows) {
        fprintf(stderr, "psutil pstree: no process %lld\n", (long long)root);
        status = CLI_ERROR;
    } else {
        cli_tree_walk(pids, ppids, nrows, start, draw_node, &d);
    }
    for (size_t i = 0; i < nrows; i++)
        free(nodes[i].name);
    free(nodes);
    free(pids);
    free(ppids);
    free(d.last_at);
    return status;
}
