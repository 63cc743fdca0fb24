"""Smoothing noises, by their upstream names, over ``rs4a_noise``.

Each class mirrors the upstream ``src/noises`` class of the same name: constructor
``(dim, sigma=None, lambd=None, <shape parameters>, device="cpu", *, tables_dir=None)``,
attributes ``dim``, ``sigma``, ``lambd`` (and ``k``, ``j``, ``a``, ``p`` where they apply),
``tables_dir`` (where radius tables are cached),
``sample(x)``, ``certify(prob_lb, adv)`` and ``certify_l1/l2/linf(prob_lb)``.
The seed README's names (``UniformNoise``, ``PowerInfNoise``, …) are aliases of the
short names (``Uniform``, ``PowInf``, …). Parameters are validated and all the
mathematics done by librs4a; σ and λ are read back from it.
"""
from __future__ import annotations

import ctypes
import math
import os
import warnings
from ctypes import POINTER, c_char_p, c_double, c_float, c_int64
from typing import Any, ClassVar, Optional, Union

import numpy as np

from . import _lib
from ._arrays import ArrayLike, DeviceLike, as_array, as_float, as_int, check_device, is_tensor, like_input, ptr
from ._random import resolve_seed
from .errors import InvalidArgumentError, ShapeError

__all__ = [
    "Noise",
    "make_noise",
    "Clean",
    "Uniform",
    "Gaussian",
    "Laplace",
    "Pareto",
    "UniformBall",
    "ExpInf",
    "PowInf",
    "Exp1",
    "Exp2",
    "Pow2",
    "Expp",
    "CleanNoise",
    "UniformNoise",
    "GaussianNoise",
    "LaplaceNoise",
    "ParetoNoise",
    "UniformBallNoise",
    "ExpInfNoise",
    "PowerInfNoise",
    "Exp1Noise",
    "Exp2Noise",
    "Pow2Noise",
    "ExppNoise",
]

_INF = math.inf

#: A directory path (``str`` or ``os.PathLike``), or None for the default.
PathLike = Optional[Union[str, "os.PathLike[str]"]]


def _optional(value: Optional[float], name: str) -> float:
    """A parameter for the C ABI, where NaN means "not given"; a given NaN is an error here."""
    if value is None:
        return math.nan
    number = as_float(value, name)
    if math.isnan(number):
        raise InvalidArgumentError(f"{name} must be a number, got NaN (leave it out instead)")
    return number


def _adversary(adv: Any) -> float:
    """The ℓp order as a float: 1, 2, math.inf, any p ≥ 1 ("inf" and "linf" accepted)."""
    if isinstance(adv, str) and adv.lower() in ("inf", "linf", "l_inf"):
        return _INF
    return as_float(adv, "adv")


class Noise:
    """A smoothing distribution of librs4a, for inputs of ``dim`` values.

    Subclasses fix the name; this base class also builds any noise the library knows by
    name (see :func:`make_noise`). Give exactly one of ``sigma`` (per-coordinate RMS) and
    ``lambd`` (scale); the other is computed by the library.

    Attributes:
        name: the library's short name ("Uniform", …).
        dim: number of values per input.
        sigma: per-coordinate RMS of the noise, σ² = E‖δ‖²/dim.
        lambd: the scale parameter λ.
        device: the device asked for (always run on the CPU).
    """

    #: Library name of the distribution (None: given at construction).
    _library_name: ClassVar[Optional[str]] = None
    #: ℓp orders with a direct certificate; others are converted by the library.
    direct_adversaries: ClassVar[tuple[float, ...]] = ()
    #: Whether a converted (not direct) certificate warns, as upstream does for this noise.
    warn_on_conversion: ClassVar[bool] = False

    def __init__(
        self,
        name: str,
        dim: int,
        sigma: Optional[float] = None,
        lambd: Optional[float] = None,
        device: DeviceLike = "cpu",
        *,
        k: Optional[float] = None,
        j: Optional[float] = None,
        a: Optional[float] = None,
        p: Optional[float] = None,
        tables_dir: PathLike = None,
    ) -> None:
        """Creates the noise called ``name`` (seed or short name, case-insensitive).

        ``tables_dir`` is where its radius tables are read and written (see :attr:`tables_dir`).

        Raises:
            InvalidArgumentError: unknown name, both or neither of sigma/lambd, or a
                parameter outside its domain (the library's message names it).
        """
        self._handle = None
        self.device: str = check_device(device, type(self).__name__)
        dim = as_int(dim, "dim", 1)
        handle = POINTER(_lib.NoiseHandle)()
        _lib.call(
            "rs4a_noise_create",
            str(name).encode("utf-8"),
            dim,
            _optional(sigma, "sigma"),
            _optional(lambd, "lambd"),
            _optional(k, "k"),
            _optional(j, "j"),
            _optional(a, "a"),
            _optional(p, "p"),
            ctypes.byref(handle),
        )
        self._handle = handle
        got_sigma, got_lambd, got_dim = c_double(), c_double(), c_int64()
        _lib.call("rs4a_noise_info", handle, ctypes.byref(got_sigma), ctypes.byref(got_lambd), ctypes.byref(got_dim))
        short = c_char_p()
        _lib.call("rs4a_noise_name", handle, ctypes.byref(short))
        self.name: str = (short.value or b"").decode("utf-8", "replace")
        self.dim: int = int(got_dim.value)
        self.sigma: float = float(got_sigma.value)
        self.lambd: float = float(got_lambd.value)
        self._tables_dir: Optional[str] = None
        self.tables_dir = tables_dir

    # -- radius tables -------------------------------------------------------

    @property
    def tables_dir(self) -> Optional[str]:
        """Where this noise's radius tables are read and written (tables are built on first use
        and reused by every process sharing the directory, which is created when needed).

        ``None`` (the default) means ``$RS4A_TABLES_DIR``, else ``./tables``. Assign a path
        to change it; an unwritable directory is no error: tables are then kept in memory.
        """
        return self._tables_dir

    @tables_dir.setter
    def tables_dir(self, path: PathLike) -> None:
        chosen = None if path is None else os.fsdecode(os.fspath(path))
        if chosen == "":
            chosen = None
        _lib.call("rs4a_noise_set_tables_dir", self.handle, None if chosen is None else os.fsencode(chosen))
        self._tables_dir = chosen

    # -- handle management -------------------------------------------------

    @property
    def handle(self) -> Any:
        """The raw ``rs4a_noise *`` (for the other modules of this package)."""
        if not self._handle:
            raise InvalidArgumentError(f"this {type(self).__name__} noise was closed")
        return self._handle

    def close(self) -> None:
        """Releases the library object; the noise is unusable afterwards. Idempotent."""
        handle, self._handle = getattr(self, "_handle", None), None
        if handle:
            _lib.lib().rs4a_noise_free(handle)

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass

    # -- σ and λ -----------------------------------------------------------

    def _ratio(self) -> float:
        """σ/λ, which depends only on the shape parameters (0 for Clean, which has neither)."""
        return self.sigma / self.lambd if self.lambd else 0.0

    def get_sigma(self, lambd: Optional[float] = None) -> float:
        """σ for scale ``lambd`` (default: this noise's λ)."""
        if lambd is None:
            return self.sigma
        return as_float(lambd, "lambd") * self._ratio()

    def get_lambd(self, sigma: Optional[float] = None) -> float:
        """λ for RMS ``sigma`` (default: this noise's σ)."""
        if sigma is None:
            return self.lambd
        ratio = self._ratio()
        return as_float(sigma, "sigma") / ratio if ratio else 0.0

    # -- sampling ------------------------------------------------------------

    def sample(self, x: ArrayLike, seed: Optional[int] = None) -> Any:
        """``x + δ`` with δ drawn from this noise, independently for each row of ``dim`` values.

        Args:
            x: array or tensor whose size is a multiple of ``dim`` (e.g. n×C×H×W with
                C·H·W = dim, or n×dim); converted to float32.
            seed: 64-bit seed; the same seed gives the same noise. Default: a fresh seed
                from the module generator (see :func:`rs4a.manual_seed`).

        Returns:
            A float32 array of ``x``'s shape (a tensor when ``x`` is a tensor).

        Raises:
            ShapeError: ``x``'s size is not a multiple of ``dim``.
            InvalidArgumentError: ``x`` holds a NaN or infinite value.
        """
        as_tensor = is_tensor(x)
        values = as_array(x, np.float32, "x")
        if values.size % self.dim != 0:
            raise ShapeError(
                f"x has {values.size} values (shape {tuple(values.shape)}), not a multiple of the noise's dim = {self.dim}"
            )
        rows = values.size // self.dim
        out = np.empty_like(values)
        if rows:
            _lib.call(
                "rs4a_noise_sample", self.handle, ptr(values, c_float), rows, resolve_seed(seed), 0, ptr(out, c_float)
            )
        return like_input(out, as_tensor)

    # -- certificates ----------------------------------------------------------

    def certify(self, prob_lb: ArrayLike, adv: Any) -> Any:
        """Certified radii against the ℓp adversary ``adv`` for probability lower bounds ``prob_lb``.

        Args:
            prob_lb: lower bounds ρ in [0, 1] (array, tensor or scalar); ρ ≤ ½ gives radius 0.
            adv: 1, 2, ``math.inf``/``np.inf``/``"inf"``, or any p ≥ 1. Orders without a
                direct certificate are converted by the library (``direct_adversaries``).

        Returns:
            float64 radii of ``prob_lb``'s shape (a float for a scalar, a tensor for a tensor).

        Raises:
            InvalidArgumentError: ρ outside [0, 1] or NaN, or a bad ``adv``.
            UnsupportedError: no certificate for this noise and adversary.
        """
        return self._certify(prob_lb, _adversary(adv))

    def _certify(self, prob_lb: ArrayLike, order: float) -> Any:
        """:meth:`certify` for the ℓp order ``order``; called directly by the public methods,
        so that a conversion warning points at their caller (stacklevel 4: warn ←
        _warn_if_converted ← _certify ← certify/certify_l1/… ← the user's line)."""
        as_tensor = is_tensor(prob_lb)
        scalar = np.ndim(prob_lb) == 0 and not as_tensor
        rho = as_array(prob_lb, np.float64, "prob_lb")
        radius = np.empty_like(rho)
        if rho.size:
            _lib.call(
                "rs4a_noise_certify", self.handle, ptr(rho, c_double), rho.size, order, ptr(radius, c_double)
            )
        self._warn_if_converted(order)
        if scalar:
            return float(radius.reshape(()))
        return like_input(radius, as_tensor)

    def _warn_if_converted(self, order: float) -> None:
        """Upstream warns when an ℓp radius is converted from other norms' radii (for some noises)."""
        if self.warn_on_conversion and order not in self.direct_adversaries:
            direct = ", ".join("linf" if a == _INF else f"l{a:g}" for a in self.direct_adversaries)
            target = "linf" if order == _INF else f"l{order:g}"
            warnings.warn(
                f"{self.name}: no direct certificate for {target}; converting the {direct} radii",
                stacklevel=4,
            )

    def certify_l1(self, prob_lb: ArrayLike) -> Any:
        """Radii against the ℓ1 adversary (see :meth:`certify`)."""
        return self._certify(prob_lb, 1.0)

    def certify_l2(self, prob_lb: ArrayLike) -> Any:
        """Radii against the ℓ2 adversary (see :meth:`certify`)."""
        return self._certify(prob_lb, 2.0)

    def certify_linf(self, prob_lb: ArrayLike) -> Any:
        """Radii against the ℓ∞ adversary (see :meth:`certify`)."""
        return self._certify(prob_lb, _INF)

    # -- display -----------------------------------------------------------------

    def _parameters(self) -> dict[str, Any]:
        return {}

    def plotstr(self) -> str:
        """A short label for plots, as upstream ("Uniform", "ExpInf,k=1,j=0", …)."""
        params = ",".join(f"{key}={value:g}" for key, value in self._parameters().items())
        return f"{self.name},{params}" if params else self.name

    def __repr__(self) -> str:
        params = "".join(f", {key}={value:g}" for key, value in self._parameters().items())
        return f"{self.name}(dim={self.dim}{params}, lambd={self.lambd}, sigma={self.sigma})"

    __str__ = __repr__


class Clean(Noise):
    """No noise: ``sample`` returns the input; every certified radius is 0."""

    _library_name = "Clean"

    def __init__(self, dim: int, device: DeviceLike = "cpu", *,
                 tables_dir: PathLike = None) -> None:
        super().__init__("Clean", dim, None, None, device, tables_dir=tables_dir)


class Uniform(Noise):
    """Uniform noise on [-λ, λ]^dim (σ = λ/√3); direct ℓ1 and ℓ∞ certificates."""

    _library_name = "Uniform"
    direct_adversaries = (1.0, _INF)
    warn_on_conversion = True

    def __init__(self, dim: int, sigma: Optional[float] = None, lambd: Optional[float] = None,
                 device: DeviceLike = "cpu", *,
                 tables_dir: PathLike = None) -> None:
        super().__init__("Uniform", dim, sigma, lambd, device, tables_dir=tables_dir)


class Gaussian(Noise):
    """Isotropic Gaussian noise N(0, λ²) per coordinate (σ = λ); direct ℓ2 certificate."""

    _library_name = "Gaussian"
    direct_adversaries = (2.0,)

    def __init__(self, dim: int, sigma: Optional[float] = None, lambd: Optional[float] = None,
                 device: DeviceLike = "cpu", *,
                 tables_dir: PathLike = None) -> None:
        super().__init__("Gaussian", dim, sigma, lambd, device, tables_dir=tables_dir)


class Laplace(Noise):
    """Isotropic Laplace noise of scale λ (σ = √2 λ); direct ℓ1 and ℓ∞ certificates."""

    _library_name = "Laplace"
    direct_adversaries = (1.0, _INF)
    warn_on_conversion = True

    def __init__(self, dim: int, sigma: Optional[float] = None, lambd: Optional[float] = None,
                 device: DeviceLike = "cpu", *,
                 tables_dir: PathLike = None) -> None:
        super().__init__("Laplace", dim, sigma, lambd, device, tables_dir=tables_dir)


class Pareto(Noise):
    """Coordinate-wise Pareto (power-law) noise of shape ``a``; direct ℓ1 certificate."""

    _library_name = "Pareto"
    direct_adversaries = (1.0,)
    warn_on_conversion = True

    def __init__(self, dim: int, sigma: Optional[float] = None, lambd: Optional[float] = None,
                 a: float = 3, device: DeviceLike = "cpu", *,
                 tables_dir: PathLike = None) -> None:
        self.a = a
        super().__init__("Pareto", dim, sigma, lambd, device, a=a, tables_dir=tables_dir)

    def _parameters(self) -> dict[str, Any]:
        return {"a": self.a}


class UniformBall(Noise):
    """Uniform noise in the ℓ2 ball of radius λ; direct ℓ2 certificate."""

    _library_name = "UniformBall"
    direct_adversaries = (2.0,)

    def __init__(self, dim: int, sigma: Optional[float] = None, lambd: Optional[float] = None,
                 device: DeviceLike = "cpu", *,
                 tables_dir: PathLike = None) -> None:
        super().__init__("UniformBall", dim, sigma, lambd, device, tables_dir=tables_dir)


class ExpInf(Noise):
    """Density ∝ ‖x/λ‖∞^-j exp(-‖x/λ‖∞^k); direct ℓ1 and ℓ∞ (j = 0) certificates."""

    _library_name = "ExpInf"
    direct_adversaries = (1.0, _INF)
    warn_on_conversion = True

    def __init__(self, dim: int, sigma: Optional[float] = None, lambd: Optional[float] = None,
                 k: float = 1, j: float = 0, device: DeviceLike = "cpu", *,
                 tables_dir: PathLike = None) -> None:
        self.k = k
        self.j = j
        super().__init__("ExpInf", dim, sigma, lambd, device, k=k, j=j, tables_dir=tables_dir)

    def _parameters(self) -> dict[str, Any]:
        return {"k": self.k, "j": self.j}


class PowInf(Noise):
    """Density ∝ (1 + ‖x/λ‖∞)^-a with a > dim + 2 required; direct ℓ1 and ℓ∞ certificates."""

    _library_name = "PowInf"
    direct_adversaries = (1.0, _INF)
    warn_on_conversion = True

    def __init__(self, dim: int, sigma: Optional[float] = None, lambd: Optional[float] = None,
                 a: Optional[float] = None, device: DeviceLike = "cpu", *,
                 tables_dir: PathLike = None) -> None:
        self.a = a
        super().__init__("PowInf", dim, sigma, lambd, device, a=a, tables_dir=tables_dir)

    def _parameters(self) -> dict[str, Any]:
        return {"a": self.a}


class Exp1(Noise):
    """Density ∝ exp(-‖x/λ‖₁^k); direct ℓ1 certificate."""

    _library_name = "Exp1"
    direct_adversaries = (1.0,)
    warn_on_conversion = True

    def __init__(self, dim: int, sigma: Optional[float] = None, lambd: Optional[float] = None,
                 k: float = 1, device: DeviceLike = "cpu", *,
                 tables_dir: PathLike = None) -> None:
        self.k = k
        super().__init__("Exp1", dim, sigma, lambd, device, k=k, tables_dir=tables_dir)

    def _parameters(self) -> dict[str, Any]:
        return {"k": self.k}


class Exp2(Noise):
    """Density ∝ ‖x/λ‖₂^-j exp(-‖x/λ‖₂^k); direct ℓ2 certificate."""

    _library_name = "Exp2"
    direct_adversaries = (2.0,)

    def __init__(self, dim: int, sigma: Optional[float] = None, lambd: Optional[float] = None,
                 k: float = 1, j: float = 0, device: DeviceLike = "cpu", *,
                 tables_dir: PathLike = None) -> None:
        self.k = k
        self.j = j
        super().__init__("Exp2", dim, sigma, lambd, device, k=k, j=j, tables_dir=tables_dir)

    def _parameters(self) -> dict[str, Any]:
        return {"k": self.k, "j": self.j}


class Pow2(Noise):
    """Density ∝ (1 + ‖x/λ‖₂^k)^-a, a > (dim + 2)/k (default dim + 10); direct ℓ2 certificate."""

    _library_name = "Pow2"
    direct_adversaries = (2.0,)

    def __init__(self, dim: int, sigma: Optional[float] = None, lambd: Optional[float] = None,
                 k: float = 1, a: Optional[float] = None, device: DeviceLike = "cpu", *,
                 tables_dir: PathLike = None) -> None:
        self.k = k
        super().__init__("Pow2", dim, sigma, lambd, device, k=k, a=a, tables_dir=tables_dir)
        # The library applies the spec default a = dim + 10 when a is not given.
        self.a = a if a is not None else self.dim + 10

    def _parameters(self) -> dict[str, Any]:
        return {"k": self.k, "a": self.a}


class Expp(Noise):
    """Coordinate-wise density ∝ exp(-|x_i/λ|^p); direct ℓ1 certificate."""

    _library_name = "Expp"
    direct_adversaries = (1.0,)
    warn_on_conversion = True

    def __init__(self, dim: int, sigma: Optional[float] = None, lambd: Optional[float] = None,
                 p: float = 1, device: DeviceLike = "cpu", *,
                 tables_dir: PathLike = None) -> None:
        self.p = p
        super().__init__("Expp", dim, sigma, lambd, device, p=p, tables_dir=tables_dir)

    def _parameters(self) -> dict[str, Any]:
        return {"p": self.p}


# The seed README's names.
CleanNoise = Clean
UniformNoise = Uniform
GaussianNoise = Gaussian
LaplaceNoise = Laplace
ParetoNoise = Pareto
UniformBallNoise = UniformBall
ExpInfNoise = ExpInf
PowerInfNoise = PowInf
Exp1Noise = Exp1
Exp2Noise = Exp2
Pow2Noise = Pow2
ExppNoise = Expp

_CLASSES: dict[str, type[Noise]] = {}
for _cls in (Clean, Uniform, Gaussian, Laplace, Pareto, UniformBall, ExpInf, PowInf, Exp1, Exp2, Pow2, Expp):
    _CLASSES[_cls.__name__.lower()] = _cls
for _alias, _cls in (("CleanNoise", Clean), ("UniformNoise", Uniform), ("GaussianNoise", Gaussian),
                     ("LaplaceNoise", Laplace), ("ParetoNoise", Pareto), ("UniformBallNoise", UniformBall),
                     ("ExpInfNoise", ExpInf), ("PowerInfNoise", PowInf), ("Exp1Noise", Exp1),
                     ("Exp2Noise", Exp2), ("Pow2Noise", Pow2), ("ExppNoise", Expp)):
    _CLASSES[_alias.lower()] = _cls


def make_noise(name: str, dim: int, sigma: Optional[float] = None, lambd: Optional[float] = None,
               device: DeviceLike = "cpu", *, tables_dir: PathLike = None, **params: float) -> Noise:
    """A noise by name (seed or short name, case-insensitive), like upstream's ``--noise=`` argument.

    Known names give their class (``make_noise("UniformNoise", …)`` is a :class:`Uniform`);
    any other name is passed to the library, which reports it as unknown with the known names.
    ``params`` are the shape parameters ``k``, ``j``, ``a``, ``p`` the noise takes.
    """
    cls = _CLASSES.get(str(name).lower())
    if cls is None:
        unknown = set(params) - {"k", "j", "a", "p"}
        if unknown:
            raise TypeError(f"unexpected noise parameter(s): {', '.join(sorted(unknown))}")
        return Noise(name, dim, sigma, lambd, device, tables_dir=tables_dir, **params)
    if cls is Clean:
        if sigma is not None or lambd is not None or params:
            raise InvalidArgumentError("Clean takes no sigma, lambd or shape parameters")
        return Clean(dim, device, tables_dir=tables_dir)
    subclass: Any = cls  # its constructor takes (dim, sigma, lambd, <params>, device)
    noise: Noise = subclass(dim, sigma, lambd, device=device, tables_dir=tables_dir, **params)
    return noise
