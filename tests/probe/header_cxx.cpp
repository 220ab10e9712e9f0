// SPDX-License-Identifier: BSD-3-Clause
// Compiled as C++ with -pedantic -Werror: the header is usable from C++ (extern "C").
#include "psutil.h"

int main()
{
    psutil_cpu_times_t t;
    psutil_cpu_sampler_t s;
    if (psutil_cpu_sampler_init(&s) != PSUTIL_OK)
        return 1;
    psutil_cpu_sampler_destroy(&s);
    return psutil_cpu_times(&t) == PSUTIL_OK ? 0 : 1;
}
