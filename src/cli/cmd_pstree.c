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

#define PSTREE_USAGE "psutil pstree [-a] [-p] [PID]"

struct node {
    psutil_pid_t pid, ppid;
    char *name;
    char *args; /* -a: the arguments after argv[0], joined by spaces; NULL otherwise */
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
    printf("%s(%lld)", cli_safe(d->nodes[i].name), (long long)d->nodes[i].pid);
    if (d->nodes[i].args && d->nodes[i].args[0])
        printf(" %s", cli_safe(d->nodes[i].args));
    printf("\n");
}

/* The arguments after argv[0] of a row's NUL-separated args, joined by spaces. */
static char *args_after_first(const psutil_proc_row_t *r)
{
    size_t first = r->args_len ? strnlen(r->args, r->args_len) + 1 : 0;
    size_t n = first < r->args_len ? r->args_len - first : 0;
    char *s = cli_alloc(n + 1, 1);
    memcpy(s, r->args + first, n);
    for (size_t k = 0; k < n; k++)
        if (s[k] == '\0')
            s[k] = ' ';
    while (n > 0 && s[n - 1] == ' ')
        s[--n] = '\0';
    return s;
}

int cmd_pstree(int argc, char **argv)
{
    psutil_pid_t root = 0;
    int with_args = 0, have_root = 0;
    for (int i = 1; i < argc; i++) {
        long v;
        if (strcmp(argv[i], "--help") == 0) {
            printf("Usage: " PSTREE_USAGE "\n\nThe process tree (from PID), each process as "
                   "name(pid).\n\n  -a  the command-line arguments after each name\n"
                   "  -p  pids (always shown; psmisc's flag is taken)\n");
            return CLI_OK;
        }
        if (strcmp(argv[i], "-a") == 0 || strcmp(argv[i], "--arguments") == 0)
            with_args = 1;
        else if (strcmp(argv[i], "-p") == 0 || strcmp(argv[i], "--show-pids") == 0)
            continue;
        else if (strcmp(argv[i], "-ap") == 0 || strcmp(argv[i], "-pa") == 0)
            with_args = 1;
        else if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error("pstree", PSTREE_USAGE, "unknown option '%s'", argv[i]);
        else if (have_root)
            return cli_usage_error("pstree", PSTREE_USAGE, "too many arguments");
        else if (cli_parse_count(argv[i], &v) != 0)
            return cli_usage_error("pstree", PSTREE_USAGE, "'%s' is not a pid", argv[i]);
        else
            root = v, have_root = 1;
    }
    /* One snapshot: ppid and name of every process, each row read through one /proc/PID
     * directory (a process that ends meanwhile is simply absent). */
    psutil_proc_row_t *rows;
    size_t nrows;
    int rc = psutil_proc_table(
        PSUTIL_PF_PPID | PSUTIL_PF_NAME | (with_args ? PSUTIL_PF_CMDLINE : 0), &rows, &nrows);
    if (rc != 0)
        return cli_fail("process list", rc);
    struct node *nodes = cli_alloc(nrows, sizeof(*nodes));
    for (size_t i = 0; i < nrows; i++) {
        nodes[i].pid = rows[i].pid;
        nodes[i].ppid = rows[i].ppid;
        nodes[i].name = cli_strdup(rows[i].name);
        nodes[i].args = with_args ? args_after_first(&rows[i]) : NULL;
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
        cli_tree_walk(pids, ppids, nrows, start, NULL, 0, draw_node, &d);
    }
    for (size_t i = 0; i < nrows; i++) {
        free(nodes[i].name);
        free(nodes[i].args);
    }
    free(nodes);
    free(pids);
    free(ppids);
    free(d.last_at);
    return status;
}
