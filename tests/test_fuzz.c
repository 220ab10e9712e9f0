/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_fuzz.c - the fuzz targets (fuzz/) inside the suite: every target runs its seed
 * corpus (the fixtures, a live sock_diag dump) and every input the fuzzer once broke it
 * with (fuzz/regress/TARGET/), under this build's compiler and sanitizers, with its
 * invariants checked; and every parser of the Linux backend has a target.
 */
#include <dirent.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "../fuzz/fuzz.h"
#include "harness.h"

static const struct fuzz_target *current;
static const char *current_input;

void fuzz_fail(const char *where, int line, const char *what)
{
    harness_fail("fuzz/", line, "target %s, input %s: invariant broken in %s: %s", current->name,
                 current_input, where, what);
}

static int run_input(void *arg, const char *name, const void *data, size_t size)
{
    size_t *n = arg;
    current_input = name;
    current->run(data, size);
    (*n)++;
    return 0;
}

TEST(fuzz_targets_hold_their_invariants_on_seeds_and_found_inputs)
{
    char fixtures[1024], regress[1024];
    snprintf(fixtures, sizeof(fixtures), "%s/tests/fixtures/linux", source_dir());
    size_t targets = 0, found = 0;
    for (current = fuzz_targets; current->name; current++, targets++) {
        size_t n = 0;
        CHECK(fuzz_seeds(current, fixtures, run_input, &n) == 0);
        CHECK_MSG(n > 0, "fuzz target %s has no seed", current->name);
        snprintf(regress, sizeof(regress), "%s/fuzz/regress/%s", source_dir(), current->name);
        DIR *d = opendir(regress);
        for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
            char path[2048];
            size_t len;
            if (e->d_name[0] == '.')
                continue;
            snprintf(path, sizeof(path), "%s/%s", regress, e->d_name);
            char *s = slurp(path, &len);
            CHECK_MSG(s != NULL, "cannot read %s", path);
            run_input(&n, e->d_name, s, len);
            free(s);
            found++;
        }
        if (d)
            closedir(d);
    }
    CHECK(targets >= 31);
    CHECK(found >= 5);
}

/* Each name a header declares by the pattern, as "name(": every one must be called in
 * fuzz/parsers.c. */
static void each_declared_is_fuzzed(const char *header, const char *pattern, const char *fuzz)
{
    size_t len;
    char *h = slurp(header, &len);
    CHECK(h != NULL);
    regex_t re;
    CHECK(regcomp(&re, pattern, REG_EXTENDED) == 0);
    regmatch_t m[2];
    size_t seen = 0;
    for (const char *p = h; regexec(&re, p, 2, m, 0) == 0; p += m[0].rm_eo) {
        char name[128];
        snprintf(name, sizeof(name), "%.*s(", (int)(m[1].rm_eo - m[1].rm_so), p + m[1].rm_so);
        CHECK_MSG(strstr(fuzz, name) != NULL, "%s declares %s) but no fuzz target calls it", header,
                  name);
        seen++;
    }
    CHECK_MSG(seen >= 3, "%s: the pattern matched %zu parsers", header, seen);
    regfree(&re);
    free(h);
}

TEST(every_parser_of_the_backend_has_a_fuzz_target)
{
    char path[1024];
    size_t len;
    snprintf(path, sizeof(path), "%s/fuzz/parsers.c", source_dir());
    char *fuzz = slurp(path, &len);
    CHECK(fuzz != NULL);
    /* (buffer, length) functions: the parsers, splitters and field readers. */
    snprintf(path, sizeof(path), "%s/src/linux/linux.h", source_dir());
    each_declared_is_fuzzed(path, "int (psutil__(parse|split)_[a-z0-9_]+)\\(", fuzz);
    snprintf(path, sizeof(path), "%s/src/linux/proc.h", source_dir());
    each_declared_is_fuzzed(path, "int (psutil__pf_[a-z0-9_]+)\\(const char \\*s, size_t len",
                            fuzz);
    free(fuzz);
}
