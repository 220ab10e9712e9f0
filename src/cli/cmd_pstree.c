/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_pstree.c - `psutil pstree [PID]`: the process tree as name(pid) lines joined by
 * ASCII branches, from the processes without a parent (or from PID), children in pid
 * order, like psutil's pstree.py.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define PSTREE_USAGE "psutil pstree [PID]"

struct node {
    psutil_pid_t pid, ppid;
    char *name;
};

static struct node *nodes;
static size_t nnodes;

static void print_tree(size_t idx, const char *prefix, int last, int root, int depth)
{
    printf("%s%s%s(%lld)\n", prefix, root ? "" : (last ? "`-- " : "|-- "), nodes[idx].name,
           (long long)nodes[idx].pid);
    if (depth > 4096)
        return;
    char next[8192];
    snprintf(next, sizeof(next), "%s%s", prefix, root ? "" : (last ? "    " : "|   "));
    size_t kids = 0, seen = 0;
    for (size_t i = 0; i < nnodes; i++)
        kids += nodes[i].ppid == nodes[idx].pid && i != idx;
    for (size_t i = 0; i < nnodes; i++)
        if (nodes[i].ppid == nodes[idx].pid && i != idx)
            print_tree(i, next, ++seen == kids, 0, depth + 1);
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
    psutil_proc_iter_t *it;
    psutil_proc_t *p;
    size_t cap = 0;
    int rc = psutil_proc_iter_open(&it);
    while (rc == 0 && (rc = psutil_proc_iter_next(it, &p)) == 0 && p) {
        struct node n = {psutil_proc_pid(p), 0, NULL};
        if (psutil_proc_ppid(p, &n.ppid) == 0 && psutil_proc_name(p, &n.name) == 0) {
            if (nnodes == cap) {
                cap = cap ? cap * 2 : 256;
                nodes = cli_realloc(nodes, cap, sizeof(*nodes));
            }
            nodes[nnodes++] = n;
        }
        psutil_proc_close(p);
    }
    psutil_proc_iter_close(it);
    int status = CLI_OK, found = 0;
    if (rc != 0)
        status = cli_fail("process list", rc);
    for (size_t i = 0; status == CLI_OK && i < nnodes; i++) {
        int top = root ? nodes[i].pid == root : nodes[i].ppid == 0;
        if (top) {
            print_tree(i, "", 1, 1, 0);
            found = 1;
        }
    }
    if (status == CLI_OK && !found) {
        fprintf(stderr, "psutil pstree: no process %lld\n", (long long)root);
        status = CLI_ERROR;
    }
    for (size_t i = 0; i < nnodes; i++)
        psutil_free(nodes[i].name);
    free(nodes);
    return status;
}
