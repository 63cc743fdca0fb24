/*
 * example.c — certify the shipped demo inputs through the rs4a C ABI.
 *
 *   cc -std=c99 example.c -I include -L .build/release -lrs4a -lm -o example
 *   ./example [ckpts/demo/lenet_digits_uniform_050.pt ckpts/demo/examples.npy]
 *
 * Loads the demo LeNet (architecture "LeNet", dataset "mnist"), builds UniformNoise with
 * sigma 0.5 for 1×28×28 inputs, and runs Cohen's CERTIFY (n0 = 64 selection draws,
 * n = 10 000 estimation draws, alpha = 0.001) on every example, printing the class, the
 * lower bound rho and the l1 / l2 / linf radii.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "rs4a.h"
#include "npy.h"

/* Prints the failed call, its status and the library's message; returns 1. */
static int fail(const char *what, rs4a_status status) {
    fprintf(stderr, "example: %s failed: %s: %s\n", what, rs4a_status_name(status), rs4a_last_error());
    return 1;
}

int main(int argc, char **argv) {
    const char *checkpoint = argc > 1 ? argv[1] : "ckpts/demo/lenet_digits_uniform_050.pt";
    const char *inputs = argc > 2 ? argv[2] : "ckpts/demo/examples.npy";
    rs4a_model *model = NULL;
    rs4a_noise *noise = NULL;
    rs4a_smooth_options options;
    npy_array x;
    char err[256];
    int64_t c, h, w, k, n, i, *classes;
    double *radius, *rho, *radius_l2, *radius_linf;
    rs4a_status s;
    int rc = 1;

    if (npy_read(inputs, &x, err, sizeof err) != 0) { fprintf(stderr, "example: %s\n", err); return 1; }
    printf("rs4a %s\n", rs4a_version());
    if ((s = rs4a_model_load("LeNet", "mnist", checkpoint, &model)) != RS4A_OK) { fail("rs4a_model_load", s); goto done; }
    if ((s = rs4a_model_info(model, &c, &h, &w, &k)) != RS4A_OK) { fail("rs4a_model_info", s); goto done; }
    if (x.rank != 4 || x.shape[1] != c || x.shape[2] != h || x.shape[3] != w || x.dtype[1] != 'f') {
        fprintf(stderr, "example: %s must be float32 N×%lld×%lld×%lld\n", inputs, (long long)c, (long long)h, (long long)w);
        goto done;
    }
    n = x.shape[0];
    if ((s = rs4a_noise_create("Uniform", c * h * w, 0.5, NAN, NAN, NAN, NAN, NAN, &noise)) != RS4A_OK) {
        fail("rs4a_noise_create", s); goto done;
    }
    classes = (int64_t *)malloc((size_t)n * sizeof *classes);
    radius = (double *)malloc((size_t)n * sizeof *radius);
    radius_l2 = (double *)malloc((size_t)n * sizeof *radius_l2);
    radius_linf = (double *)malloc((size_t)n * sizeof *radius_linf);
    rho = (double *)malloc((size_t)n * sizeof *rho);
    if (!classes || !radius || !radius_l2 || !radius_linf || !rho) { fprintf(stderr, "example: out of memory\n"); goto freeall; }

    if ((s = rs4a_smooth_options_init(&options, sizeof options)) != RS4A_OK) { fail("rs4a_smooth_options_init", s); goto freeall; }
    options.seed = 2020;
    /* Certify against l1; then convert the same rho into l2 and linf radii. */
    s = rs4a_certify(model, noise, (const float *)x.data, n, 64, 10000, 0.001, 1.0, &options, classes, radius, rho);
    if (s != RS4A_OK) { fail("rs4a_certify", s); goto freeall; }
    if ((s = rs4a_noise_certify(noise, rho, n, 2.0, radius_l2)) != RS4A_OK) { fail("rs4a_noise_certify(l2)", s); goto freeall; }
    if ((s = rs4a_noise_certify(noise, rho, n, INFINITY, radius_linf)) != RS4A_OK) { fail("rs4a_noise_certify(linf)", s); goto freeall; }
    for (i = 0; i < n; i++) {
        if (classes[i] < 0) {
            printf("input %lld: abstain (rho = %.4f)\n", (long long)i, rho[i]);
        } else {
            printf("input %lld: class %lld, rho = %.4f, l1 = %.4f, l2 = %.4f, linf = %.5f\n", (long long)i,
                   (long long)classes[i], rho[i], radius[i], radius_l2[i], radius_linf[i]);
        }
    }
    rc = 0;
freeall:
    free(classes); free(radius); free(radius_l2); free(radius_linf); free(rho);
done:
    rs4a_noise_free(noise);
    rs4a_model_free(model);
    free(x.data);
    return rc;
}
