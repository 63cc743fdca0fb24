/*
 * test_capi.c — tests of every function of include/rs4a.h through librs4a.so.
 *
 *   cc -std=c99 -Wall -Werror -pedantic test_capi.c -I include -L .build/release -lrs4a -lpthread -lm
 *   ./test_capi            (run from the repository root: it reads ckpts/demo/)
 *
 * Prints one line per failed check and a final "capi: N passed, M failed"; exits non-zero
 * when a check fails. Covers status codes and rs4a_last_error, state dicts, models (strict and
 * non-strict loading), noises, smoothing, statistics, bad handles (NULL, freed, foreign, wrong
 * kind), NULL pointers, bad shapes, NaN / out-of-range parameters, and many threads calling
 * forward / sample / certify on shared handles with results equal to the serial ones.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>

#include "rs4a.h"
#include "npy.h"

#define CKPT "ckpts/demo/lenet_digits_uniform_050.pt"
#define EXAMPLES "ckpts/demo/examples.npy"
#define DIM 784
#define CLASSES 10

/* struct_size comes first, so the library can read it before knowing the caller's layout. */
typedef char options_size_first[offsetof(rs4a_smooth_options, struct_size) == 0 ? 1 : -1];

static int passed = 0, failed = 0;

static void check(int ok, const char *what, int line) {
    if (ok) {
        passed++;
    } else {
        failed++;
        printf("FAIL (line %d): %s   [last error: %s]\n", line, what, rs4a_last_error());
    }
}
#define CHECK(cond) check((cond) != 0, #cond, __LINE__)
/* A call that must return `status`; and, on failure, leave a message naming the function. */
#define EXPECT(status, call) do { \
        rs4a_status s_ = (call); \
        check(s_ == (status), #call " == " #status, __LINE__); \
        if (s_ != RS4A_OK && s_ == (status)) check(strstr(rs4a_last_error(), "rs4a_") != NULL, \
                                                   "message names the function: " #call, __LINE__); \
    } while (0)

static float *examples;       /* 8×784 */
static int64_t n_examples;

static int same_floats(const float *a, const float *b, size_t n) { return memcmp(a, b, n * sizeof(float)) == 0; }
static int same_doubles(const double *a, const double *b, size_t n) { return memcmp(a, b, n * sizeof(double)) == 0; }

/* ---------------------------------------------------------------- errors */
static void *error_in_thread(void *arg) {
    /* A fresh thread sees no error even when another thread has one. */
    int *clean = (int *)arg;
    *clean = strcmp(rs4a_last_error(), "") == 0;
    return NULL;
}

static void test_errors(void) {
    pthread_t t;
    int clean = 0;
    double lower;
    char expected[32];
    snprintf(expected, sizeof expected, "%d.%d.%d", RS4A_VERSION_MAJOR, RS4A_VERSION_MINOR, RS4A_VERSION_PATCH);
    CHECK(strcmp(rs4a_version(), expected) == 0);
    CHECK(strcmp(rs4a_status_name(RS4A_OK), "RS4A_OK") == 0);
    CHECK(strcmp(rs4a_status_name(RS4A_ERR_SHAPE), "RS4A_ERR_SHAPE") == 0);
    CHECK(strcmp(rs4a_status_name(RS4A_ERR_INTERNAL), "RS4A_ERR_INTERNAL") == 0);
    CHECK(strcmp(rs4a_status_name((rs4a_status)99), "RS4A_UNKNOWN_STATUS") == 0);
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_clopper_pearson_lower(5, 3, 0.01, &lower));
    CHECK(strstr(rs4a_last_error(), "rs4a_clopper_pearson_lower") != NULL);
    pthread_create(&t, NULL, error_in_thread, &clean);
    pthread_join(t, NULL);
    CHECK(clean);
    CHECK(strlen(rs4a_last_error()) > 0); /* still this thread's message */
    EXPECT(RS4A_OK, rs4a_clopper_pearson_lower(3, 5, 0.01, &lower));
    CHECK(strcmp(rs4a_last_error(), "") == 0); /* success clears it */
}

/* ---------------------------------------------------------------- statistics */
static void test_statistics(void) {
    double lower = -1;
    EXPECT(RS4A_OK, rs4a_clopper_pearson_lower(0, 10, 0.05, &lower));
    CHECK(lower == 0.0);
    EXPECT(RS4A_OK, rs4a_clopper_pearson_lower(100, 100, 0.001, &lower));
    CHECK(fabs(lower - pow(0.001, 1.0 / 100)) < 1e-12); /* k = n: the bound is alpha^(1/n) */
    EXPECT(RS4A_OK, rs4a_clopper_pearson_lower(1, 1, 0.25, &lower));
    CHECK(fabs(lower - 0.25) < 1e-12);
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_clopper_pearson_lower(1, 10, NAN, &lower));
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_clopper_pearson_lower(1, 10, 1.0, &lower));
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_clopper_pearson_lower(-1, 10, 0.05, &lower));
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_clopper_pearson_lower(0, 0, 0.05, &lower));
    EXPECT(RS4A_ERR_NULL_POINTER, rs4a_clopper_pearson_lower(1, 10, 0.05, NULL));
}

/* ---------------------------------------------------------------- state dicts */
static void test_state_dicts(void) {
    rs4a_state_dict *sd = NULL, *file = NULL;
    int64_t count = -1, rank = -1, shape[4], dims[2] = {2, 3}, neg[2] = {2, -3};
    const char *key = NULL;
    float values[6] = {1, 2, 3, 4, 5, 6}, back[6], scalar = 7.5f;
    FILE *f;

    EXPECT(RS4A_ERR_NULL_POINTER, rs4a_state_dict_create(NULL));
    EXPECT(RS4A_OK, rs4a_state_dict_create(&sd));
    EXPECT(RS4A_OK, rs4a_state_dict_count(sd, &count));
    CHECK(count == 0);
    EXPECT(RS4A_OK, rs4a_state_dict_add(sd, "a.weight", dims, 2, values, 6));
    EXPECT(RS4A_OK, rs4a_state_dict_add(sd, "a.scalar", NULL, 0, &scalar, 1));
    EXPECT(RS4A_OK, rs4a_state_dict_count(sd, &count));
    CHECK(count == 2);
    EXPECT(RS4A_OK, rs4a_state_dict_key(sd, 0, &key));
    CHECK(key && strcmp(key, "a.weight") == 0);
    EXPECT(RS4A_OK, rs4a_state_dict_shape(sd, 0, &rank, NULL, 0));
    CHECK(rank == 2);
    EXPECT(RS4A_OK, rs4a_state_dict_shape(sd, 0, &rank, shape, 4));
    CHECK(shape[0] == 2 && shape[1] == 3);
    EXPECT(RS4A_ERR_SHAPE, rs4a_state_dict_shape(sd, 0, &rank, shape, 1));
    EXPECT(RS4A_OK, rs4a_state_dict_read(sd, 0, back, 6));
    CHECK(same_floats(values, back, 6));
    EXPECT(RS4A_ERR_SHAPE, rs4a_state_dict_read(sd, 0, back, 5));
    EXPECT(RS4A_OK, rs4a_state_dict_shape(sd, 1, &rank, shape, 4));
    CHECK(rank == 0);
    /* Replacing keeps the count and the key string. */
    values[0] = 42;
    EXPECT(RS4A_OK, rs4a_state_dict_add(sd, "a.weight", dims, 2, values, 6));
    EXPECT(RS4A_OK, rs4a_state_dict_count(sd, &count));
    CHECK(count == 2 && strcmp(key, "a.weight") == 0);
    EXPECT(RS4A_OK, rs4a_state_dict_read(sd, 0, back, 6));
    CHECK(back[0] == 42);
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_state_dict_key(sd, 2, &key));
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_state_dict_key(sd, -1, &key));
    EXPECT(RS4A_ERR_SHAPE, rs4a_state_dict_add(sd, "b", dims, 2, values, 5));
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_state_dict_add(sd, "b", neg, 2, values, 6));
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_state_dict_add(sd, "b", dims, -1, values, 6));
    EXPECT(RS4A_ERR_NULL_POINTER, rs4a_state_dict_add(sd, NULL, dims, 2, values, 6));
    EXPECT(RS4A_ERR_NULL_POINTER, rs4a_state_dict_add(sd, "b", NULL, 2, values, 6));
    EXPECT(RS4A_ERR_NULL_POINTER, rs4a_state_dict_add(sd, "b", dims, 2, NULL, 6));
    EXPECT(RS4A_ERR_NULL_POINTER, rs4a_state_dict_count(sd, NULL));
    EXPECT(RS4A_ERR_NULL_POINTER, rs4a_state_dict_read(sd, 0, NULL, 6));

    /* A checkpoint file: the demo LeNet (norm + 5 layers × weight, bias). */
    EXPECT(RS4A_OK, rs4a_state_dict_load(CKPT, &file));
    EXPECT(RS4A_OK, rs4a_state_dict_count(file, &count));
    CHECK(count == 12);
    EXPECT(RS4A_ERR_IO, rs4a_state_dict_load("/nonexistent/rs4a/model.pt", &file));
    f = fopen("test_capi_garbage.pt", "wb");
    if (f) { fputs("this is not a checkpoint", f); fclose(f); }
    EXPECT(RS4A_ERR_FORMAT, rs4a_state_dict_load("test_capi_garbage.pt", &file));
    remove("test_capi_garbage.pt");
    EXPECT(RS4A_ERR_NULL_POINTER, rs4a_state_dict_load(NULL, &file));
    rs4a_state_dict_free(file);
    rs4a_state_dict_free(sd);
    rs4a_state_dict_free(NULL); /* no-op */
}

/* ---------------------------------------------------------------- models */
static void test_models(void) {
    rs4a_model *m = NULL, *empty = NULL, *loaded = NULL;
    rs4a_state_dict *sd = NULL, *partial = NULL;
    int64_t c = 0, h = 0, w = 0, k = 0, count = 0, i, rank, shape[4];
    float logits[8 * CLASSES], logits2[8 * CLASSES], logits3[8 * CLASSES], extra = 1.0f, *bias;
    float *many, *many_logits, *many_logits2;
    const char *key;

    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_model_create("LeNet", "nosuchdata", &m));
    CHECK(strstr(rs4a_last_error(), "LeNet/mnist") != NULL); /* lists the known pairs */
    EXPECT(RS4A_ERR_NULL_POINTER, rs4a_model_create(NULL, "mnist", &m));
    EXPECT(RS4A_ERR_NULL_POINTER, rs4a_model_create("LeNet", "mnist", NULL));
    EXPECT(RS4A_OK, rs4a_model_create("LeNet", "mnist", &empty));
    EXPECT(RS4A_OK, rs4a_model_info(empty, &c, &h, &w, &k));
    CHECK(c == 1 && h == 28 && w == 28 && k == 10);
    EXPECT(RS4A_ERR_NULL_POINTER, rs4a_model_info(empty, &c, NULL, &w, &k));
    EXPECT(RS4A_ERR_STATE, rs4a_model_forward(empty, examples, 1, logits));

    EXPECT(RS4A_OK, rs4a_model_load("LeNet", "mnist", CKPT, &loaded));
    EXPECT(RS4A_ERR_IO, rs4a_model_load("LeNet", "mnist", "/nonexistent.pt", &m));
    EXPECT(RS4A_ERR_FORMAT, rs4a_model_load("MLP", "mnist", CKPT, &m)); /* keys of another architecture */
    EXPECT(RS4A_OK, rs4a_model_forward(loaded, examples, n_examples, logits));
    CHECK(isfinite(logits[0]) && isfinite(logits[8 * CLASSES - 1]));
    EXPECT(RS4A_ERR_NULL_POINTER, rs4a_model_forward(loaded, NULL, 1, logits));
    EXPECT(RS4A_ERR_NULL_POINTER, rs4a_model_forward(loaded, examples, 1, NULL));
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_model_forward(loaded, examples, -1, logits));
    EXPECT(RS4A_ERR_SHAPE, rs4a_model_forward(loaded, examples, INT64_MAX / 2, logits));
    {   /* A NaN pixel in the second image is named; the logits are left alone. */
        float *bad_x = (float *)malloc(2 * DIM * sizeof(float));
        float untouched[2 * CLASSES];
        memcpy(bad_x, examples, 2 * DIM * sizeof(float));
        bad_x[DIM + 5] = NAN;
        untouched[0] = 42;
        EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_model_forward(loaded, bad_x, 2, untouched));
        CHECK(strstr(rs4a_last_error(), "x[789]") != NULL && untouched[0] == 42);
        bad_x[DIM + 5] = INFINITY;
        EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_model_forward(loaded, bad_x, 2, untouched));
        free(bad_x);
    }

    /* Threads do not change results (600 images: several units of work). */
    many = (float *)malloc(600 * DIM * sizeof(float));
    many_logits = (float *)malloc(600 * CLASSES * sizeof(float));
    many_logits2 = (float *)malloc(600 * CLASSES * sizeof(float));
    for (i = 0; i < 600; i++) memcpy(many + i * DIM, examples + (i % 8) * DIM, DIM * sizeof(float));
    EXPECT(RS4A_OK, rs4a_model_set_threads(loaded, 1));
    EXPECT(RS4A_OK, rs4a_model_forward(loaded, many, 600, many_logits));
    EXPECT(RS4A_OK, rs4a_model_set_threads(loaded, 3));
    EXPECT(RS4A_OK, rs4a_model_forward(loaded, many, 600, many_logits2));
    CHECK(same_floats(many_logits, many_logits2, 600 * CLASSES));
    for (i = 0; i < 8; i++) CHECK(fabsf(many_logits[i * CLASSES] - logits[i * CLASSES]) < 1e-4f);
    free(many); free(many_logits); free(many_logits2);
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_model_set_threads(loaded, -2));
    EXPECT(RS4A_OK, rs4a_model_set_threads(loaded, 0));

    /* create + load_state_dict equals model_load. */
    EXPECT(RS4A_OK, rs4a_state_dict_load(CKPT, &sd));
    EXPECT(RS4A_OK, rs4a_model_load_state_dict(empty, sd, 1));
    EXPECT(RS4A_OK, rs4a_model_forward(empty, examples, n_examples, logits2));
    CHECK(same_floats(logits, logits2, 8 * CLASSES));

    /* Strict: an unexpected key is an error naming it, and the weights stay. */
    EXPECT(RS4A_OK, rs4a_state_dict_add(sd, "model.extra", NULL, 0, &extra, 1));
    EXPECT(RS4A_ERR_FORMAT, rs4a_model_load_state_dict(empty, sd, 1));
    CHECK(strstr(rs4a_last_error(), "model.extra") != NULL);
    EXPECT(RS4A_OK, rs4a_model_forward(empty, examples, n_examples, logits2));
    CHECK(same_floats(logits, logits2, 8 * CLASSES));
    /* Non-strict: ignored. */
    EXPECT(RS4A_OK, rs4a_model_load_state_dict(empty, sd, 0));

    /* Non-strict with only fc3.bias: the other weights are kept; the logits move by the bias change. */
    EXPECT(RS4A_OK, rs4a_state_dict_count(sd, &count));
    for (i = 0; i < count; i++) {
        EXPECT(RS4A_OK, rs4a_state_dict_key(sd, i, &key));
        if (strcmp(key, "model.fc3.bias") == 0) break;
    }
    CHECK(i < count);
    EXPECT(RS4A_OK, rs4a_state_dict_shape(sd, i, &rank, shape, 4));
    CHECK(rank == 1 && shape[0] == CLASSES);
    bias = (float *)malloc(CLASSES * sizeof(float));
    EXPECT(RS4A_OK, rs4a_state_dict_read(sd, i, bias, CLASSES));
    bias[3] += 1.0f;
    EXPECT(RS4A_OK, rs4a_state_dict_create(&partial));
    EXPECT(RS4A_OK, rs4a_state_dict_add(partial, "model.fc3.bias", shape, 1, bias, CLASSES));
    EXPECT(RS4A_ERR_FORMAT, rs4a_model_load_state_dict(empty, partial, 1)); /* strict: missing keys */
    CHECK(strstr(rs4a_last_error(), "model.conv1.weight") != NULL);
    EXPECT(RS4A_OK, rs4a_model_load_state_dict(empty, partial, 0));
    EXPECT(RS4A_OK, rs4a_model_forward(empty, examples, 1, logits3));
    CHECK(fabsf(logits3[3] - (logits[3] + 1.0f)) < 1e-4f && fabsf(logits3[0] - logits[0]) < 1e-5f);
    /* A shape mismatch fails even when non-strict. */
    EXPECT(RS4A_ERR_SHAPE, rs4a_state_dict_add(partial, "model.fc3.bias", shape, 1, bias, CLASSES - 1));
    shape[0] = CLASSES - 1;
    EXPECT(RS4A_OK, rs4a_state_dict_add(partial, "model.fc3.bias", shape, 1, bias, CLASSES - 1));
    EXPECT(RS4A_ERR_FORMAT, rs4a_model_load_state_dict(empty, partial, 0));
    CHECK(strstr(rs4a_last_error(), "model.fc3.bias") != NULL);
    free(bias);

    rs4a_state_dict_free(partial);
    rs4a_state_dict_free(sd);
    rs4a_model_free(empty);
    rs4a_model_free(loaded);
}

/* ---------------------------------------------------------------- handles */
static void test_handles(void) {
    rs4a_model *m = NULL;
    rs4a_noise *noise = NULL;
    rs4a_state_dict *sd = NULL;
    int64_t c, h, w, k, dim = 0, count;
    int local = 0;
    float logits[CLASSES];
    const char *name = NULL;

    EXPECT(RS4A_OK, rs4a_model_load("LeNet", "mnist", CKPT, &m));
    EXPECT(RS4A_OK, rs4a_noise_create("Uniform", DIM, 0.5, NAN, NAN, NAN, NAN, NAN, &noise));
    EXPECT(RS4A_OK, rs4a_state_dict_create(&sd));

    /* NULL handles. */
    EXPECT(RS4A_ERR_NULL_POINTER, rs4a_model_info(NULL, &c, &h, &w, &k));
    EXPECT(RS4A_ERR_NULL_POINTER, rs4a_noise_info(NULL, NULL, NULL, &dim));
    EXPECT(RS4A_ERR_NULL_POINTER, rs4a_state_dict_count(NULL, &count));
    /* Wrong kind. */
    EXPECT(RS4A_ERR_BAD_HANDLE, rs4a_model_info((rs4a_model *)noise, &c, &h, &w, &k));
    EXPECT(RS4A_ERR_BAD_HANDLE, rs4a_noise_info((rs4a_noise *)m, NULL, NULL, &dim));
    EXPECT(RS4A_ERR_BAD_HANDLE, rs4a_state_dict_count((rs4a_state_dict *)m, &count));
    EXPECT(RS4A_ERR_BAD_HANDLE, rs4a_model_load_state_dict(m, (rs4a_state_dict *)noise, 1));
    CHECK(strstr(rs4a_last_error(), "rs4a_noise") != NULL);
    /* Freeing with the wrong kind's free frees nothing. */
    rs4a_model_free((rs4a_model *)noise);
    EXPECT(RS4A_OK, rs4a_noise_name(noise, &name));
    CHECK(name && strcmp(name, "Uniform") == 0);
    /* Foreign pointers. */
    EXPECT(RS4A_ERR_BAD_HANDLE, rs4a_model_forward((const rs4a_model *)&local, examples, 1, logits));
    EXPECT(RS4A_ERR_BAD_HANDLE, rs4a_noise_name((const rs4a_noise *)(uintptr_t)0x10, &name));
    /* Freed handles (also double free). */
    rs4a_model_free(m);
    EXPECT(RS4A_ERR_BAD_HANDLE, rs4a_model_forward(m, examples, 1, logits));
    rs4a_model_free(m);
    rs4a_noise_free(noise);
    EXPECT(RS4A_ERR_BAD_HANDLE, rs4a_noise_info(noise, NULL, NULL, &dim));
    rs4a_state_dict_free(sd);
    EXPECT(RS4A_ERR_BAD_HANDLE, rs4a_state_dict_count(sd, &count));
    /* A new handle never reuses a freed one. */
    EXPECT(RS4A_OK, rs4a_state_dict_create(&sd));
    EXPECT(RS4A_OK, rs4a_state_dict_count(sd, &count));
    rs4a_state_dict_free(sd);
    rs4a_model_free(NULL);
    rs4a_noise_free(NULL);
}

/* ---------------------------------------------------------------- noises */
static void test_noises(void) {
    rs4a_noise *u = NULL, *g = NULL, *e = NULL, *bad = NULL, *p2 = NULL;
    double sigma = 0, lambd = 0, rho[3] = {0.5, 0.9, 0.3}, radius[3], wrong[1];
    int64_t dim = 0, i;
    const char *name = NULL;
    float x[4 * DIM], a[4 * DIM], b[4 * DIM], rows23[2 * DIM];
    int inside = 1;

    EXPECT(RS4A_OK, rs4a_noise_create("UniformNoise", DIM, 0.5, NAN, NAN, NAN, NAN, NAN, &u));
    EXPECT(RS4A_OK, rs4a_noise_info(u, &sigma, &lambd, &dim));
    CHECK(sigma == 0.5 && fabs(lambd - 0.5 * sqrt(3.0)) < 1e-12 && dim == DIM);
    EXPECT(RS4A_OK, rs4a_noise_info(u, NULL, NULL, NULL));
    EXPECT(RS4A_OK, rs4a_noise_name(u, &name));
    CHECK(strcmp(name, "Uniform") == 0);
    EXPECT(RS4A_ERR_NULL_POINTER, rs4a_noise_name(u, NULL));
    EXPECT(RS4A_OK, rs4a_noise_create("gaussian", 4, NAN, 2.0, NAN, NAN, NAN, NAN, &g));
    EXPECT(RS4A_OK, rs4a_noise_create("ExpInf", DIM, 0.5, NAN, 10, 100, NAN, NAN, &e));
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_noise_create("NoSuchNoise", DIM, 0.5, NAN, NAN, NAN, NAN, NAN, &bad));
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_noise_create("Uniform", DIM, 0.5, 0.5, NAN, NAN, NAN, NAN, &bad));
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_noise_create("Uniform", DIM, NAN, NAN, NAN, NAN, NAN, NAN, &bad));
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_noise_create("Uniform", DIM, -1, NAN, NAN, NAN, NAN, NAN, &bad));
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_noise_create("Uniform", DIM, INFINITY, NAN, NAN, NAN, NAN, NAN, &bad));
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_noise_create("Uniform", 0, 0.5, NAN, NAN, NAN, NAN, NAN, &bad));
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_noise_create("Uniform", DIM, 0.5, NAN, 2, NAN, NAN, NAN, &bad)); /* k not taken */
    EXPECT(RS4A_ERR_NULL_POINTER, rs4a_noise_create(NULL, DIM, 0.5, NAN, NAN, NAN, NAN, NAN, &bad));
    EXPECT(RS4A_ERR_NULL_POINTER, rs4a_noise_create("Uniform", DIM, 0.5, NAN, NAN, NAN, NAN, NAN, NULL));

    /* Sampling: reproducible, seed-dependent, in place = out of place, first_row addressing. */
    for (i = 0; i < 4 * DIM; i++) x[i] = (float)(i % 7) / 7.0f;
    EXPECT(RS4A_OK, rs4a_noise_sample(u, x, 4, 11, 0, a));
    EXPECT(RS4A_OK, rs4a_noise_sample(u, x, 4, 11, 0, b));
    CHECK(same_floats(a, b, 4 * DIM));
    EXPECT(RS4A_OK, rs4a_noise_sample(u, x, 4, 12, 0, b));
    CHECK(!same_floats(a, b, 4 * DIM));
    memcpy(b, x, sizeof x);
    EXPECT(RS4A_OK, rs4a_noise_sample(u, b, 4, 11, 0, b));
    CHECK(same_floats(a, b, 4 * DIM));
    EXPECT(RS4A_OK, rs4a_noise_sample(u, x + 2 * DIM, 2, 11, 2, rows23));
    CHECK(same_floats(a + 2 * DIM, rows23, 2 * DIM));
    for (i = 0; i < 4 * DIM; i++) if (fabsf(a[i] - x[i]) > (float)lambd * 1.0001f) inside = 0;
    CHECK(inside);
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_noise_sample(u, x, 2, 11, 0, x + 1)); /* partial overlap */
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_noise_sample(u, x, -1, 11, 0, a));
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_noise_sample(u, x, 2, 11, UINT64_MAX, a));
    EXPECT(RS4A_ERR_NULL_POINTER, rs4a_noise_sample(u, NULL, 2, 11, 0, a));
    /* A NaN in x is refused and named, in place too, and the output is untouched. */
    memcpy(b, x, sizeof x);
    b[DIM + 3] = NAN;
    memcpy(a, x, sizeof x);
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_noise_sample(u, b, 4, 11, 0, a));
    CHECK(strstr(rs4a_last_error(), "x[787]") != NULL && same_floats(a, x, 4 * DIM));
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_noise_sample(u, b, 4, 11, 0, b));
    CHECK(isnan(b[DIM + 3]) && b[0] == x[0]);

    /* Certify: closed forms (NOISES.md), validation. */
    EXPECT(RS4A_OK, rs4a_noise_certify(u, rho, 3, 1.0, radius));
    CHECK(radius[0] == 0 && fabs(radius[1] - 2 * lambd * 0.4) < 1e-12 && radius[2] == 0);
    EXPECT(RS4A_OK, rs4a_noise_certify(g, rho + 1, 1, 2.0, radius));
    CHECK(fabs(radius[0] - 2.0 * 1.2815515655446004) < 1e-9);
    wrong[0] = NAN;
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_noise_certify(u, wrong, 1, 1.0, radius));
    wrong[0] = 1.5;
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_noise_certify(u, wrong, 1, 1.0, radius));
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_noise_certify(u, rho, 3, 0.5, radius));
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_noise_certify(u, rho, 3, NAN, radius));
    EXPECT(RS4A_ERR_UNSUPPORTED, rs4a_noise_certify(e, rho, 3, INFINITY, radius)); /* ExpInf linf needs j = 0 */
    /* Parameters for which no sound radius table can be built: the caller's arguments, not a bug. */
    EXPECT(RS4A_OK, rs4a_noise_create("Pow2", 4, 1.0, NAN, 1, NAN, 1e300, NAN, &p2));
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_noise_certify(p2, rho + 1, 1, 2.0, radius));
    CHECK(strstr(rs4a_last_error(), "table") != NULL);
    rs4a_noise_free(p2);
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_noise_certify(u, rho, -1, 1.0, radius));
    EXPECT(RS4A_ERR_NULL_POINTER, rs4a_noise_certify(u, NULL, 3, 1.0, radius));

    rs4a_noise_free(u);
    rs4a_noise_free(g);
    rs4a_noise_free(e);
}

/* ---------------------------------------------------------------- smoothing */
typedef struct progress_log { int64_t calls, last_done, total, cancel_after; int monotone; } progress_log;

static int on_progress(int64_t done, int64_t total, void *user) {
    progress_log *log = (progress_log *)user;
    if (done < log->last_done) log->monotone = 0;
    log->calls++;
    log->last_done = done;
    log->total = total;
    return log->cancel_after > 0 && log->calls >= log->cancel_after;
}

static void test_smoothing(void) {
    rs4a_model *m = NULL;
    rs4a_noise *u = NULL, *small = NULL;
    rs4a_smooth_options o, o2;
    double probs[3 * CLASSES], probs2[3 * CLASSES], soft[3 * CLASSES], lb[3], lb2[3], lbtwo[3], radius[3], rho[3];
    int64_t classes[3], top[3], pred[3], i, j;
    double sum;
    progress_log log;

    EXPECT(RS4A_OK, rs4a_model_load("LeNet", "mnist", CKPT, &m));
    EXPECT(RS4A_OK, rs4a_noise_create("Uniform", DIM, 0.5, NAN, NAN, NAN, NAN, NAN, &u));
    EXPECT(RS4A_OK, rs4a_noise_create("Uniform", 10, 0.5, NAN, NAN, NAN, NAN, NAN, &small));

    EXPECT(RS4A_OK, rs4a_smooth_options_init(&o, sizeof o));
    CHECK(o.struct_size == sizeof o);
    CHECK(o.noise_batch_size == 512 && o.seed == 0 && o.threads == 0 && o.two_sided == 0 && o.progress == NULL);
    EXPECT(RS4A_ERR_NULL_POINTER, rs4a_smooth_options_init(NULL, sizeof o));
    /* A size this library does not know: another header's layout, or an uninitialised struct. */
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_smooth_options_init(&o2, sizeof o2 - 8));
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_smooth_options_init(&o2, sizeof o2 + 8));
    o2 = o;
    o2.struct_size = 0;
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_smooth_predict(m, u, examples, 3, 10, 0, &o2, probs));
    CHECK(strstr(rs4a_last_error(), "struct_size") != NULL);
    o2.struct_size = (size_t)1 << 40;
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_certify(m, u, examples, 3, 10, 10, 0.001, 1.0, &o2, classes, radius, rho));

    /* Hard and soft probabilities sum to 1; NULL options are the defaults. */
    EXPECT(RS4A_OK, rs4a_smooth_predict(m, u, examples, 3, 600, 0, NULL, probs));
    EXPECT(RS4A_OK, rs4a_smooth_predict(m, u, examples, 3, 600, 0, &o, probs2));
    CHECK(same_doubles(probs, probs2, 3 * CLASSES));
    EXPECT(RS4A_OK, rs4a_smooth_predict(m, u, examples, 3, 600, 1, &o, soft));
    for (i = 0; i < 3; i++) {
        sum = 0;
        for (j = 0; j < CLASSES; j++) sum += probs[i * CLASSES + j];
        CHECK(fabs(sum - 1) < 1e-12);
        sum = 0;
        for (j = 0; j < CLASSES; j++) sum += soft[i * CLASSES + j];
        CHECK(fabs(sum - 1) < 1e-9);
    }
    /* Same seed, any thread count and batch size: identical; another seed: different. */
    o2 = o;
    o2.threads = 1;
    o2.noise_batch_size = 37;
    EXPECT(RS4A_OK, rs4a_smooth_predict(m, u, examples, 3, 600, 0, &o2, probs2));
    CHECK(same_doubles(probs, probs2, 3 * CLASSES));
    o2.threads = 2;
    EXPECT(RS4A_OK, rs4a_smooth_predict(m, u, examples, 3, 600, 1, &o2, probs2));
    CHECK(same_doubles(soft, probs2, 3 * CLASSES));
    o2.seed = 99;
    EXPECT(RS4A_OK, rs4a_smooth_predict(m, u, examples, 3, 600, 1, &o2, probs2));
    CHECK(!same_doubles(soft, probs2, 3 * CLASSES));
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_smooth_predict(m, u, examples, 3, 600, 2, &o, probs));
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_smooth_predict(m, u, examples, 3, 0, 0, &o, probs));
    EXPECT(RS4A_ERR_SHAPE, rs4a_smooth_predict(m, small, examples, 3, 10, 0, &o, probs));
    o2 = o;
    o2.noise_batch_size = 0;
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_smooth_predict(m, u, examples, 3, 10, 0, &o2, probs));
    o2 = o;
    o2.threads = -1;
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_smooth_predict(m, u, examples, 3, 10, 0, &o2, probs));
    EXPECT(RS4A_ERR_BAD_HANDLE, rs4a_smooth_predict((rs4a_model *)u, u, examples, 3, 10, 0, &o, probs));
    EXPECT(RS4A_ERR_NULL_POINTER, rs4a_smooth_predict(m, u, examples, 3, 10, 0, &o, NULL));

    /* certify = selection (smooth_predict_hard, n0) + estimation (certify_prob_lb, n), same seed. */
    for (i = 0; i < 3; i++) {
        top[i] = 0;
        for (j = 1; j < CLASSES; j++) if (probs[i * CLASSES + j] > probs[i * CLASSES + top[i]]) top[i] = j;
    }
    EXPECT(RS4A_OK, rs4a_certify_prob_lb(m, u, examples, 3, top, 0.001, 1000, &o, lb));
    EXPECT(RS4A_OK, rs4a_certify(m, u, examples, 3, 600, 1000, 0.001, 1.0, &o, classes, radius, rho));
    for (i = 0; i < 3; i++) {
        CHECK(rho[i] == lb[i]);
        CHECK(classes[i] == (rho[i] > 0.5 ? top[i] : -1));
    }
    EXPECT(RS4A_OK, rs4a_certify(m, u, examples, 3, 600, 1000, 0.001, 1.0, &o, classes, radius, NULL));
    o2 = o;
    o2.two_sided = 1;
    EXPECT(RS4A_OK, rs4a_certify_prob_lb(m, u, examples, 3, top, 0.001, 1000, &o2, lbtwo));
    for (i = 0; i < 3; i++) CHECK(lbtwo[i] < lb[i] || lb[i] == 0);
    o2.two_sided = 2;
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_certify_prob_lb(m, u, examples, 3, top, 0.001, 1000, &o2, lbtwo));
    o2 = o;
    o2.threads = 1;
    EXPECT(RS4A_OK, rs4a_certify_prob_lb(m, u, examples, 3, top, 0.001, 1000, &o2, lb2));
    CHECK(same_doubles(lb, lb2, 3));
    top[1] = CLASSES;
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_certify_prob_lb(m, u, examples, 3, top, 0.001, 1000, &o, lb));
    top[1] = 0;
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_certify_prob_lb(m, u, examples, 3, top, NAN, 1000, &o, lb));
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_certify_prob_lb(m, u, examples, 3, top, 1.0, 1000, &o, lb));
    EXPECT(RS4A_ERR_NULL_POINTER, rs4a_certify_prob_lb(m, u, examples, 3, NULL, 0.001, 1000, &o, lb));
    /* One estimation draw can never certify: abstain. */
    EXPECT(RS4A_OK, rs4a_certify(m, u, examples, 3, 10, 1, 0.001, 1.0, &o, classes, radius, rho));
    CHECK(classes[0] == -1 && radius[0] == 0 && classes[2] == -1);
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_certify(m, u, examples, 3, 0, 10, 0.001, 1.0, &o, classes, radius, rho));
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_certify(m, u, examples, 3, 10, 10, 0.001, 0.0, &o, classes, radius, rho));
    EXPECT(RS4A_ERR_NULL_POINTER, rs4a_certify(m, u, examples, 3, 10, 10, 0.001, 1.0, &o, NULL, radius, rho));

    /* predict: one draw cannot pass the binomial test; many draws of a clear input do. */
    EXPECT(RS4A_OK, rs4a_predict(m, u, examples, 3, 1, 0.001, &o, pred));
    CHECK(pred[0] == -1 && pred[1] == -1 && pred[2] == -1);
    EXPECT(RS4A_OK, rs4a_predict(m, u, examples + 2 * DIM, 1, 500, 0.001, &o, pred));
    CHECK(pred[0] == top[2]);
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_predict(m, u, examples, 3, 0, 0.001, &o, pred));
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_predict(m, u, examples, 3, 10, -0.5, &o, pred));

    /* Progress: monotone counts up to the total; a non-zero return cancels. */
    memset(&log, 0, sizeof log);
    log.monotone = 1;
    o2 = o;
    o2.noise_batch_size = 256; /* a multiple of the 28×28 unit of work (256 rows) */
    o2.progress = on_progress;
    o2.progress_user_data = &log;
    EXPECT(RS4A_OK, rs4a_certify(m, u, examples, 2, 50, 400, 0.001, 1.0, &o2, classes, radius, rho));
    /* One call per batch of ≤ 256 rows packing whole units while they fit: input 0's 50 selection
     * draws, its 400 estimation draws as units of 256 and 144, then input 1's alike give the
     * batches [50] [256] [144 + 50] [256] [144]. */
    CHECK(log.monotone && log.total == 2 * 450 && log.last_done == 2 * 450 && log.calls == 5);
    memset(&log, 0, sizeof log);
    log.cancel_after = 2;
    EXPECT(RS4A_ERR_CANCELLED, rs4a_smooth_predict(m, u, examples, 3, 1000, 0, &o2, probs));
    CHECK(log.calls == 2 && strstr(rs4a_last_error(), "cancel") != NULL);
    /* Cancelled after the third batch, when input 0 is certified and input 1 is not: nothing is
     * written, not even input 0's results (outputs are written only on success). */
    memset(&log, 0, sizeof log);
    log.cancel_after = 3;
    classes[0] = classes[1] = -7;
    radius[0] = radius[1] = rho[0] = rho[1] = -7;
    EXPECT(RS4A_ERR_CANCELLED, rs4a_certify(m, u, examples, 2, 50, 400, 0.001, 1.0, &o2, classes, radius, rho));
    CHECK(log.calls == 3 && log.last_done == 50 + 400 + 50);
    CHECK(classes[0] == -7 && classes[1] == -7 && radius[0] == -7 && rho[0] == -7 && rho[1] == -7);

    rs4a_noise_free(small);
    rs4a_noise_free(u);
    rs4a_model_free(m);
}

/* ---------------------------------------------------------------- huge counts */
/* Counts whose byte size overflows or exceeds any address space: RS4A_ERR_SHAPE before anything
 * is read, allocated or written (never a trap or an abort), and the outputs stay untouched. */
static void test_huge_counts(void) {
    rs4a_model *m = NULL;
    rs4a_noise *u4 = NULL, *u = NULL;
    static float x[4 * DIM], out[4 * DIM], logits[4 * CLASSES];
    double rho[4] = {0.9, 0.9, 0.9, 0.9}, radius[4] = {-1, -1, -1, -1}, probs[4 * CLASSES], lb[4] = {-1, -1, -1, -1};
    int64_t classes[4] = {-7, -7, -7, -7}, top[4] = {0, 0, 0, 0};
    const int64_t huge_rows = INT64_MAX / DIM + 1; /* rows × DIM overflows int64 */

    EXPECT(RS4A_OK, rs4a_model_load("LeNet", "mnist", CKPT, &m));
    EXPECT(RS4A_OK, rs4a_noise_create("Uniform", 4, 0.5, NAN, NAN, NAN, NAN, NAN, &u4));
    EXPECT(RS4A_OK, rs4a_noise_create("Uniform", DIM, 0.5, NAN, NAN, NAN, NAN, NAN, &u));
    out[0] = 42;
    EXPECT(RS4A_ERR_SHAPE, rs4a_noise_sample(u4, x, (int64_t)1 << 60, 1, 0, out)); /* 2^62 floats: 2^64 bytes */
    EXPECT(RS4A_ERR_SHAPE, rs4a_noise_sample(u4, x, INT64_MAX, 1, 0, out));
    EXPECT(RS4A_ERR_SHAPE, rs4a_noise_sample(u, x, (int64_t)1 << 50, 1, 0, out));  /* fits int64, not memory */
    CHECK(out[0] == 42);
    EXPECT(RS4A_ERR_SHAPE, rs4a_noise_certify(u4, rho, (int64_t)1 << 61, 1.0, radius));
    EXPECT(RS4A_ERR_SHAPE, rs4a_noise_certify(u4, rho, INT64_MAX, 1.0, radius));
    CHECK(radius[0] == -1);
    EXPECT(RS4A_ERR_SHAPE, rs4a_model_forward(m, x, huge_rows, logits));
    EXPECT(RS4A_ERR_SHAPE, rs4a_model_forward(m, x, (int64_t)1 << 50, logits));
    EXPECT(RS4A_ERR_SHAPE, rs4a_smooth_predict(m, u, x, (int64_t)1 << 50, 1, 0, NULL, probs));
    EXPECT(RS4A_ERR_SHAPE, rs4a_smooth_predict(m, u, x, huge_rows, 1, 1, NULL, probs));
    EXPECT(RS4A_ERR_SHAPE, rs4a_certify_prob_lb(m, u, x, (int64_t)1 << 50, top, 0.01, 10, NULL, lb));
    EXPECT(RS4A_ERR_SHAPE, rs4a_certify(m, u, x, (int64_t)1 << 50, 10, 10, 0.01, 1.0, NULL, classes, radius, lb));
    EXPECT(RS4A_ERR_SHAPE, rs4a_certify(m, u, x, huge_rows, 10, 10, 0.01, 1.0, NULL, classes, radius, NULL));
    EXPECT(RS4A_ERR_SHAPE, rs4a_predict(m, u, x, (int64_t)1 << 50, 10, 0.01, NULL, classes));
    CHECK(classes[0] == -7 && lb[0] == -1 && radius[0] == -1);
    /* n0 + n overflows; the draws of all inputs overflow. */
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_certify(m, u, x, 1, INT64_MAX, INT64_MAX, 0.01, 1.0, NULL, classes, radius, NULL));
    EXPECT(RS4A_ERR_INVALID_ARGUMENT, rs4a_smooth_predict(m, u, x, 4, INT64_MAX, 0, NULL, probs));
    CHECK(classes[0] == -7);

    rs4a_noise_free(u);
    rs4a_noise_free(u4);
    rs4a_model_free(m);
}

/* ---------------------------------------------------------------- table directory */
/* Number of entries (besides . and ..) in a directory; -1 if it cannot be read. */
static int entries(const char *dir) {
    DIR *d = opendir(dir);
    struct dirent *e;
    int count = 0;
    if (!d) return -1;
    while ((e = readdir(d)) != NULL) if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) count++;
    closedir(d);
    return count;
}

/* Removes a directory of plain files. */
static void remove_dir(const char *dir) {
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[512];
    if (!d) return;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        remove(path);
    }
    closedir(d);
    rmdir(dir);
}

static void test_tables_dir(void) {
    rs4a_noise *laplace = NULL, *big = NULL, *freed = NULL;
    rs4a_model *m = NULL;
    char dir[] = "/tmp/rs4a_capi_tablesXXXXXX", dir2[] = "/tmp/rs4a_capi_tablesXXXXXX", sub[600];
    double rho[2] = {0.9, 0.99}, radius[2], again[2];
    int64_t classes[2];
    double certified[2];

    if (!mkdtemp(dir) || !mkdtemp(dir2)) { CHECK(!"mkdtemp"); return; }
    /* Laplace ℓ∞ radii come from a table (the binomial differential method, milliseconds at this dim). */
    EXPECT(RS4A_OK, rs4a_noise_create("Laplace", DIM, 0.5, NAN, NAN, NAN, NAN, NAN, &laplace));
    EXPECT(RS4A_OK, rs4a_noise_set_tables_dir(laplace, dir));
    EXPECT(RS4A_OK, rs4a_noise_certify(laplace, rho, 2, INFINITY, radius));
    CHECK(entries(dir) == 1); /* the table file, written where we asked */
    CHECK(radius[0] > 0 && radius[1] > radius[0]);
    /* A directory that does not exist yet is created. */
    snprintf(sub, sizeof sub, "%s/nested", dir2);
    EXPECT(RS4A_OK, rs4a_noise_set_tables_dir(laplace, sub));
    EXPECT(RS4A_OK, rs4a_noise_certify(laplace, rho, 2, INFINITY, again));
    CHECK(entries(sub) == 1 && same_doubles(radius, again, 2));
    remove_dir(sub);
    /* Unwritable: still certified, from memory. NULL and "" restore the default. */
    EXPECT(RS4A_OK, rs4a_noise_set_tables_dir(laplace, "/proc/rs4a-cannot-write-here"));
    EXPECT(RS4A_OK, rs4a_noise_certify(laplace, rho, 2, INFINITY, again));
    CHECK(same_doubles(radius, again, 2));
    EXPECT(RS4A_OK, rs4a_noise_set_tables_dir(laplace, NULL));
    EXPECT(RS4A_OK, rs4a_noise_set_tables_dir(laplace, ""));
    EXPECT(RS4A_ERR_NULL_POINTER, rs4a_noise_set_tables_dir(NULL, dir));
    EXPECT(RS4A_OK, rs4a_noise_create("Laplace", DIM, 0.5, NAN, NAN, NAN, NAN, NAN, &freed));
    rs4a_noise_free(freed);
    EXPECT(RS4A_ERR_BAD_HANDLE, rs4a_noise_set_tables_dir(freed, dir));

    /* rs4a_certify uses the noise's directory too. */
    EXPECT(RS4A_OK, rs4a_model_load("LeNet", "mnist", CKPT, &m));
    EXPECT(RS4A_OK, rs4a_noise_create("Laplace", DIM, 0.3, NAN, NAN, NAN, NAN, NAN, &big));
    EXPECT(RS4A_OK, rs4a_noise_set_tables_dir(big, dir2));
    EXPECT(RS4A_OK, rs4a_certify(m, big, examples, 2, 16, 200, 0.01, INFINITY, NULL, classes, certified, NULL));
    CHECK(entries(dir2) == 1);

    rs4a_noise_free(big);
    rs4a_noise_free(laplace);
    rs4a_model_free(m);
    remove_dir(dir);
    remove_dir(dir2);
}

/* ---------------------------------------------------------------- threads */
#define THREADS 8
typedef struct shared_work {
    const rs4a_model *model;
    const rs4a_noise *noise;
    float logits[8 * CLASSES];
    float noisy[2 * DIM];
    int64_t classes[2];
    double radius[2];
    int ok;
} shared_work;

static void run_work(shared_work *w) {
    rs4a_smooth_options o;
    rs4a_smooth_options_init(&o, sizeof o);
    o.seed = 5;
    o.noise_batch_size = 64;
    w->ok = rs4a_model_forward(w->model, examples, n_examples, w->logits) == RS4A_OK
         && rs4a_noise_sample(w->noise, examples, 2, 77, 3, w->noisy) == RS4A_OK
         && rs4a_certify(w->model, w->noise, examples, 2, 32, 256, 0.01, 1.0, &o, w->classes, w->radius, NULL) == RS4A_OK;
}

static void *thread_main(void *arg) {
    run_work((shared_work *)arg);
    return NULL;
}

static void test_threads(void) {
    rs4a_model *m = NULL;
    rs4a_noise *u = NULL;
    shared_work serial, *work;
    pthread_t threads[THREADS];
    int i, all_ok = 1, all_equal = 1;

    EXPECT(RS4A_OK, rs4a_model_load("LeNet", "mnist", CKPT, &m));
    EXPECT(RS4A_OK, rs4a_noise_create("Uniform", DIM, 0.5, NAN, NAN, NAN, NAN, NAN, &u));
    memset(&serial, 0, sizeof serial);
    serial.model = m;
    serial.noise = u;
    run_work(&serial);
    CHECK(serial.ok);
    work = (shared_work *)calloc(THREADS, sizeof *work);
    for (i = 0; i < THREADS; i++) {
        work[i].model = m;
        work[i].noise = u;
        pthread_create(&threads[i], NULL, thread_main, &work[i]);
    }
    for (i = 0; i < THREADS; i++) pthread_join(threads[i], NULL);
    for (i = 0; i < THREADS; i++) {
        all_ok &= work[i].ok;
        all_equal &= same_floats(work[i].logits, serial.logits, 8 * CLASSES)
                  && same_floats(work[i].noisy, serial.noisy, 2 * DIM)
                  && memcmp(work[i].classes, serial.classes, sizeof serial.classes) == 0
                  && same_doubles(work[i].radius, serial.radius, 2);
    }
    CHECK(all_ok);
    CHECK(all_equal);
    free(work);
    rs4a_noise_free(u);
    rs4a_model_free(m);
}

int main(void) {
    npy_array x;
    char err[256];
    if (npy_read(EXAMPLES, &x, err, sizeof err) != 0 || x.count != 8 * DIM || x.dtype[1] != 'f') {
        fprintf(stderr, "test_capi: cannot read %s (%s); run from the repository root\n", EXAMPLES, err);
        return 2;
    }
    examples = (float *)x.data;
    n_examples = 8;

    test_errors();
    test_statistics();
    test_state_dicts();
    test_models();
    test_handles();
    test_noises();
    test_smoothing();
    test_huge_counts();
    test_tables_dir();
    test_threads();

    free(x.data);
    printf("capi: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
