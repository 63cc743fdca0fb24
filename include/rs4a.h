/*
 * rs4a.h — C ABI of librs4a: randomized smoothing of all shapes and sizes.
 *
 * C99, usable from C++. Link with -lrs4a (pkg-config: rs4a).
 *
 * Versions and binary compatibility: the library's SONAME is librs4a.so.<major>
 * (librs4a.so.0), which programs record and the loader looks for. Within one major
 * version a newer library runs programs built against an older header: functions are
 * only added, and structs passed by the caller carry their size (struct_size), which
 * the library checks. Incompatible changes bump RS4A_VERSION_MAJOR and the SONAME.
 * 0.2.0 is the first version with a SONAME (0.1 had none and another
 * rs4a_smooth_options layout).
 *
 * Conventions (they apply to every declaration below):
 *  - Every function that can fail returns an rs4a_status. RS4A_OK is 0; on any
 *    other status, rs4a_last_error() returns a message for the calling thread.
 *    Output parameters are written only on success.
 *  - Nothing Swift (errors, traps) crosses this boundary: invalid input of any
 *    kind — NULL pointers, freed or foreign handles, bad shapes, NaN, values
 *    out of range — yields a status code and a message, never a crash.
 *  - Handles are opaque. Every *_create / *_load has a matching *_free;
 *    *_free(NULL) is a no-op. A handle is valid from its creation until its
 *    *_free; passing a freed handle is detected (RS4A_ERR_BAD_HANDLE).
 *  - Buffers are owned by the caller; the library never keeps a pointer to a
 *    caller's buffer after a call returns. Arrays are row-major, float32 for
 *    images and logits, float64 for probabilities and radii. A buffer must hold
 *    the number of values its counts say (the library cannot check that); counts
 *    whose byte size overflows or exceeds any 64-bit address space (2^56 bytes)
 *    are RS4A_ERR_SHAPE, and inputs are read in place, never copied whole.
 *  - Thread safety: functions taking `const` handles may be called from many
 *    threads at once on the same handle. Functions taking a non-const handle
 *    (loading weights, setting threads) must not run concurrently with any
 *    other call on that same handle.
 *  - Randomness: every sampling call takes a 64-bit seed; the same seed and
 *    arguments give bit-identical results regardless of the thread count.
 */
#ifndef RS4A_H
#define RS4A_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RS4A_VERSION_MAJOR 0
#define RS4A_VERSION_MINOR 2
#define RS4A_VERSION_PATCH 0

/* ------------------------------------------------------------------------ */
/* Status codes and errors                                                   */
/* ------------------------------------------------------------------------ */

typedef enum rs4a_status {
    RS4A_OK = 0,
    RS4A_ERR_INVALID_ARGUMENT = 1, /* a value out of its allowed range, NaN, unknown name */
    RS4A_ERR_NULL_POINTER = 2,     /* a required pointer argument was NULL */
    RS4A_ERR_BAD_HANDLE = 3,       /* a freed, foreign or wrong-kind handle */
    RS4A_ERR_SHAPE = 4,            /* buffer sizes or tensor shapes do not fit */
    RS4A_ERR_IO = 5,               /* a file could not be opened or read */
    RS4A_ERR_FORMAT = 6,           /* a malformed, truncated or mismatched checkpoint */
    RS4A_ERR_UNSUPPORTED = 7,      /* e.g. no certificate for this noise and adversary */
    RS4A_ERR_CANCELLED = 8,        /* the progress callback asked to stop */
    RS4A_ERR_STATE = 9,            /* the call is not valid now (e.g. forward before weights are loaded) */
    RS4A_ERR_INTERNAL = 10         /* a bug: please report the message */
} rs4a_status;

/* The library's version, "major.minor.patch". Static storage: do not free. */
const char *rs4a_version(void);

/* The calling thread's last error message ("" if none). Thread-local storage
 * owned by the library: valid until the next rs4a call on this thread. */
const char *rs4a_last_error(void);

/* A constant name for a status ("RS4A_OK", "RS4A_ERR_SHAPE", …). Static storage. */
const char *rs4a_status_name(rs4a_status status);

/* ------------------------------------------------------------------------ */
/* State dicts: checkpoint tensors by name                                  */
/* ------------------------------------------------------------------------ */

/* A set of named float tensors, as read from a PyTorch checkpoint (zip or
 * legacy format, or safetensors) or built by the caller tensor by tensor. */
typedef struct rs4a_state_dict rs4a_state_dict;

/* Reads a checkpoint file. Nested dicts ({"state_dict": …}) are unwrapped. */
rs4a_status rs4a_state_dict_load(const char *path, rs4a_state_dict **out);
/* An empty state dict, to be filled with rs4a_state_dict_add. */
rs4a_status rs4a_state_dict_create(rs4a_state_dict **out);
void rs4a_state_dict_free(rs4a_state_dict *state);

/* Number of tensors. */
rs4a_status rs4a_state_dict_count(const rs4a_state_dict *state, int64_t *count);
/* Name of tensor `index` (0 ≤ index < count). The string lives as long as the handle. */
rs4a_status rs4a_state_dict_key(const rs4a_state_dict *state, int64_t index, const char **key);
/* Shape of tensor `index`: writes its rank to *rank and, when shape != NULL,
 * up to `capacity` dimensions into shape (RS4A_ERR_SHAPE if rank > capacity). */
rs4a_status rs4a_state_dict_shape(const rs4a_state_dict *state, int64_t index,
                                  int64_t *rank, int64_t *shape, int64_t capacity);
/* Values of tensor `index` converted to float32; `count` must equal its element count. */
rs4a_status rs4a_state_dict_read(const rs4a_state_dict *state, int64_t index,
                                 float *values, int64_t count);
/* Adds (or replaces) a float32 tensor; the values are copied. */
rs4a_status rs4a_state_dict_add(rs4a_state_dict *state, const char *key,
                                const int64_t *shape, int64_t rank,
                                const float *values, int64_t count);

/* ------------------------------------------------------------------------ */
/* Models: the base classifier                                               */
/* ------------------------------------------------------------------------ */

typedef struct rs4a_model rs4a_model;

/* A model of a reference architecture ("ResNet", "WideResNet", "LeNet",
 * "AlexNet", "MLP", "LinearModel", "ResNet18" … "ResNet152") for a dataset
 * ("cifar", "imagenet", "mnist", "fashion", "svhn", …), without weights yet:
 * load them with rs4a_model_load_state_dict. Unknown pairs are
 * RS4A_ERR_INVALID_ARGUMENT with the known pairs in the message. */
rs4a_status rs4a_model_create(const char *architecture, const char *dataset, rs4a_model **out);
/* create + load the checkpoint at `path` in one call. */
rs4a_status rs4a_model_load(const char *architecture, const char *dataset,
                            const char *checkpoint_path, rs4a_model **out);
void rs4a_model_free(rs4a_model *model);

/* Loads weights. strict != 0: missing keys, unexpected keys and shape
 * mismatches are all reported by name (RS4A_ERR_FORMAT), like PyTorch's
 * load_state_dict(strict=True). On failure the model keeps its previous weights. */
rs4a_status rs4a_model_load_state_dict(rs4a_model *model, const rs4a_state_dict *state, int strict);

/* Per-image input shape (channels, height, width) and number of classes. */
rs4a_status rs4a_model_info(const rs4a_model *model, int64_t *channels, int64_t *height,
                            int64_t *width, int64_t *num_classes);
/* Worker threads used by every call on this model (≥ 1; 0 = the default:
 * RS4A_NUM_THREADS or the number of cores). */
rs4a_status rs4a_model_set_threads(rs4a_model *model, int32_t threads);

/* Logits for n images: x is n×C×H×W, logits is n×num_classes.
 * RS4A_ERR_STATE before weights are loaded; a NaN or infinite value in x is
 * RS4A_ERR_INVALID_ARGUMENT. */
rs4a_status rs4a_model_forward(const rs4a_model *model, const float *x, int64_t n, float *logits);

/* ------------------------------------------------------------------------ */
/* Noises                                                                    */
/* ------------------------------------------------------------------------ */

typedef struct rs4a_noise rs4a_noise;

/* A noise by name — a seed name ("UniformNoise", "ExpInfNoise", …) or a short
 * name ("Uniform", "ExpInf", …), case-insensitive — for inputs of `dim` values.
 * Give exactly one of sigma and lambd; pass NAN for the other. k, j, a, p are
 * the shape parameters (NAN = not given: the spec default, or an error when
 * the noise requires it); a parameter the noise does not take is an error. */
rs4a_status rs4a_noise_create(const char *name, int64_t dim, double sigma, double lambd,
                              double k, double j, double a, double p, rs4a_noise **out);
void rs4a_noise_free(rs4a_noise *noise);

/* sigma, lambd and dim of a noise (any pointer may be NULL to skip it). */
rs4a_status rs4a_noise_info(const rs4a_noise *noise, double *sigma, double *lambd, int64_t *dim);
/* The noise's short name ("Uniform", …). Lives as long as the handle. */
rs4a_status rs4a_noise_name(const rs4a_noise *noise, const char **name);

/* out = x + δ for n rows of dim values, δ drawn with `seed` (row r uses the
 * stream of global row first_row + r). out may equal x (in place). A NaN or
 * infinite value in x is RS4A_ERR_INVALID_ARGUMENT (out is then untouched). */
rs4a_status rs4a_noise_sample(const rs4a_noise *noise, const float *x, int64_t n,
                              uint64_t seed, uint64_t first_row, float *out);

/* Certified radii: radius[i] for prob_lb[i] against the ℓp adversary with
 * p = adv (1, 2, INFINITY, or any p ≥ 1). prob_lb ≤ 1/2 gives radius 0;
 * prob_lb outside [0, 1] or NaN is RS4A_ERR_INVALID_ARGUMENT; a noise with no
 * certificate for this adversary is RS4A_ERR_UNSUPPORTED; shape parameters for
 * which no sound radius table can be built (e.g. Pow2 with a = 1e300) are
 * RS4A_ERR_INVALID_ARGUMENT. Radii that need a table use the noise's table
 * directory (see rs4a_noise_set_tables_dir). */
rs4a_status rs4a_noise_certify(const rs4a_noise *noise, const double *prob_lb, int64_t count,
                               double adv, double *radius);

/* Where the noise's radius tables are read and written (built on first use, then
 * reused by every process that uses the same directory): `dir`, created when
 * needed; NULL or "" = the default, $RS4A_TABLES_DIR or else ./tables. Applies to
 * rs4a_noise_certify and rs4a_certify with this noise. An unwritable directory is
 * no error: tables are then built and kept in memory only. Unlike other calls
 * taking a non-const handle, this one may run while other threads use the
 * noise: a call already certifying keeps the directory it started with. */
rs4a_status rs4a_noise_set_tables_dir(rs4a_noise *noise, const char *dir);

/* ------------------------------------------------------------------------ */
/* Smoothing                                                                 */
/* ------------------------------------------------------------------------ */

/* Called periodically during long runs with the draws done so far and the
 * total; return non-zero to cancel (the call then returns RS4A_ERR_CANCELLED).
 * Called on the thread that made the rs4a call. */
typedef int (*rs4a_progress_fn)(int64_t done, int64_t total, void *user_data);

typedef struct rs4a_smooth_options {
    size_t struct_size;         /* sizeof(rs4a_smooth_options) of the caller's header: set by
                                   rs4a_smooth_options_init, checked by every call */
    int64_t noise_batch_size;   /* noisy copies per forward pass (default 512) */
    uint64_t seed;              /* random seed (default 0) */
    int32_t threads;            /* 0 = the model's setting */
    int32_t two_sided;          /* certify_prob_lb: 1 = upstream's two-sided bound B⁻¹(α/2) (default 0) */
    rs4a_progress_fn progress;  /* may be NULL */
    void *progress_user_data;
} rs4a_smooth_options;

/* Fills *options with the defaults above; pass struct_size = sizeof(rs4a_smooth_options).
 * Always initialise options this way before setting fields: a struct_size the library
 * does not know (an uninitialised struct, or one built with another version's header)
 * is RS4A_ERR_INVALID_ARGUMENT here and in every call taking options. Pass NULL options
 * anywhere for the defaults. */
rs4a_status rs4a_smooth_options_init(rs4a_smooth_options *options, size_t struct_size);

/* Smoothed class probabilities for n_inputs images x (n_inputs×C×H×W) from
 * n_samples noisy draws each (the worker threads share the draws of all inputs,
 * so several inputs with few draws each still use every thread): soft = 0 gives the frequencies of
 * argmax f(x + δ) (smooth_predict_hard), soft = 1 the mean of softmax f(x + δ)
 * (smooth_predict_soft). probs is n_inputs×num_classes. */
rs4a_status rs4a_smooth_predict(const rs4a_model *model, const rs4a_noise *noise,
                                const float *x, int64_t n_inputs, int64_t n_samples, int32_t soft,
                                const rs4a_smooth_options *options, double *probs);

/* Clopper–Pearson lower bound on P[f(x + δ) = classes[i]] at level alpha from
 * n_samples draws per input (0 when no draw hits the class). prob_lb has n_inputs values. */
rs4a_status rs4a_certify_prob_lb(const rs4a_model *model, const rs4a_noise *noise,
                                 const float *x, int64_t n_inputs, const int64_t *classes,
                                 double alpha, int64_t n_samples,
                                 const rs4a_smooth_options *options, double *prob_lb);

/* Cohen et al.'s CERTIFY: choose the class from n0 draws, lower-bound its
 * probability from n fresh draws, abstain (classes[i] = -1, radius[i] = 0)
 * when the bound is ≤ 1/2, else the ℓp radius for p = adv. prob_lb may be NULL. */
rs4a_status rs4a_certify(const rs4a_model *model, const rs4a_noise *noise,
                         const float *x, int64_t n_inputs, int64_t n0, int64_t n,
                         double alpha, double adv, const rs4a_smooth_options *options,
                         int64_t *classes, double *radius, double *prob_lb);

/* Cohen et al.'s PREDICT: the top class from n draws, or -1 (abstain) when a
 * two-sided binomial test of the top two counts at 1/2 has p-value > alpha. */
rs4a_status rs4a_predict(const rs4a_model *model, const rs4a_noise *noise,
                         const float *x, int64_t n_inputs, int64_t n, double alpha,
                         const rs4a_smooth_options *options, int64_t *classes);

/* ------------------------------------------------------------------------ */
/* Statistics                                                                */
/* ------------------------------------------------------------------------ */

/* One-sided Clopper–Pearson lower bound for k successes in n trials at level alpha. */
rs4a_status rs4a_clopper_pearson_lower(int64_t k, int64_t n, double alpha, double *lower);

#ifdef __cplusplus
}
#endif

#endif /* RS4A_H */
