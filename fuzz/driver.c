/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * driver.c - the entry points around the targets. Built with -fsanitize=fuzzer it is
 * libFuzzer's (or AFL++'s, through afl-clang-fast) harness, running the target named by
 * $FUZZ_TARGET or by the name it was started as (build/fuzz/bin/NAME links to it).
 * Built with -DFUZZ_TOOL it is a plain program: `list` prints the targets, `seed NAME
 * FIXTURES DIR` writes NAME's seed corpus into DIR, `run NAME FILE...` runs inputs
 * through NAME once each (to reproduce a crash without the fuzzer).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

static const struct fuzz_target *target;

void fuzz_fail(const char *where, int line, const char *what)
{
    fprintf(stderr, "fuzz: %s: invariant broken in %s (line %d): %s\n", target ? target->name : "?",
            where, line, what);
    abort();
}

static void list(FILE *f)
{
    for (const struct fuzz_target *t = fuzz_targets; t->name; t++)
        fprintf(f, "%s\n", t->name);
}

#ifndef FUZZ_TOOL

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *name = getenv("FUZZ_TARGET");
    if (!name || !*name) {
        const char *argv0 = *argc > 0 ? (*argv)[0] : "";
        const char *slash = strrchr(argv0, '/');
        name = slash ? slash + 1 : argv0;
    }
    if ((target = fuzz_find(name)) == NULL) {
        fprintf(stderr, "fuzz: no target '%s' (set FUZZ_TARGET or run it as one of):\n", name);
        list(stderr);
        exit(2);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!target) {
        int argc = 0;
        char **argv = NULL;
        LLVMFuzzerInitialize(&argc, &argv);
    }
    target->run(data, size);
    return 0;
}

#else

struct out {
    const char *dir;
    int n;
};

static int write_seed(void *arg, const char *name, const void *data, size_t size)
{
    struct out *o = arg;
    char path[1024];
    int len = snprintf(path, sizeof(path), "%s/", o->dir);
    for (const char *p = name; *p && len < (int)sizeof(path) - 1; p++)
        path[len++] = *p == '/' ? '_' : *p;
    path[len] = '\0';
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
        fprintf(stderr, "fuzz: cannot write %s: %s\n", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return 1;
    }
    close(fd);
    o->n++;
    return 0;
}

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "fuzz: %s: %s\n", path, strerror(errno));
        return 1;
    }
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = malloc(cap);
    for (size_t got; buf && (got = fread(buf + n, 1, cap - n, f)) > 0;) {
        n += got;
        if (n == cap) {
            unsigned char *g = realloc(buf, cap *= 2);
            if (!g)
                free(buf);
            buf = g;
        }
    }
    fclose(f);
    if (!buf)
        return 1;
    target->run(buf, n);
    free(buf);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "list") == 0) {
        list(stdout);
        return 0;
    }
    if (argc >= 3 && (target = fuzz_find(argv[2])) == NULL) {
        fprintf(stderr, "fuzz: no target '%s'\n", argv[2]);
        return 2;
    }
    if (argc == 5 && strcmp(argv[1], "seed") == 0) {
        struct out o = {argv[4], 0};
        if (mkdir(argv[4], 0755) != 0 && errno != EEXIST) {
            fprintf(stderr, "fuzz: %s: %s\n", argv[4], strerror(errno));
            return 1;
        }
        if (fuzz_seeds(target, argv[3], write_seed, &o) != 0)
            return 1;
        printf("%d\n", o.n);
        return 0;
    }
    if (argc >= 4 && strcmp(argv[1], "run") == 0) {
        int rc = 0;
        for (int i = 3; i < argc; i++)
            rc |= run_file(argv[i]);
        return rc;
    }
    fprintf(stderr, "usage: %s list | seed TARGET FIXTURES DIR | run TARGET FILE...\n", argv[0]);
    return 2;
}

#endif
