/* The exact core's test driver for `make portability`
 * (python/benchmarks/core_portability.py): reads doubles as 16 hex digits of
 * their bits, one a line, on standard input, applies one of the core's
 * elementary functions, and prints the bits of each result the same way.
 * Text in and out, so that the output of every build (any compiler, flags,
 * or CPU, aarch64 under qemu-user included) can be compared byte for byte.
 *
 *     core_driver exp|log|log1p|tanh < inputs.hex > outputs.hex
 *
 * Build: cc -O2 -std=c99 -I R/src python/benchmarks/core_driver.c R/src/tn_math.c
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tn_core.h"

#define CHUNK 4096

int main(int argc, char **argv)
{
    void (*f)(const double *, double *, size_t) = NULL;
    static double x[CHUNK];
    static double y[CHUNK];
    char line[64];
    size_t n = 0;

    if (argc == 2 && strcmp(argv[1], "exp") == 0) f = tn_exp_array;
    if (argc == 2 && strcmp(argv[1], "log") == 0) f = tn_log_array;
    if (argc == 2 && strcmp(argv[1], "log1p") == 0) f = tn_log1p_array;
    if (argc == 2 && strcmp(argv[1], "tanh") == 0) f = tn_tanh_array;
    if (f == NULL) {
        fprintf(stderr, "usage: core_driver exp|log|log1p|tanh < inputs.hex\n");
        return 2;
    }
    for (;;) {
        int more = fgets(line, sizeof line, stdin) != NULL;
        if (more) {
            uint64_t u = (uint64_t) strtoull(line, NULL, 16);
            memcpy(&x[n++], &u, sizeof u);
        }
        if (n == CHUNK || (!more && n > 0)) {
            f(x, y, n);
            for (size_t i = 0; i < n; i++) {
                uint64_t u;
                memcpy(&u, &y[i], sizeof u);
                printf("%016" PRIx64 "\n", u);
            }
            n = 0;
        }
        if (!more) break;
    }
    return 0;
}
