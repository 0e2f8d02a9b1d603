#!/usr/bin/env bash
# Regenerates the plots of ChoosingASchedule.md (AnnealLRScheduler's DocC catalog) with the anneal command itself.
#   Scripts/make_docs_plots.sh            (needs the MNIST files at Sources/AnnealBundledMNIST/MNIST)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product anneal >/dev/null
anneal=.build/release/anneal
out=Sources/AnnealLRScheduler/Documentation.docc
mkdir -p "$out"
plot() { "$anneal" schedule "$@"; }
plot 'StepLR(step_size=30, gamma=0.1)' 'MultiStepLR(milestones=[30, 80], gamma=0.1)' 'ExponentialLR(gamma=0.97)' \
  --steps 100 --svg "$out/decay.svg" --log-scale
plot 'CosineAnnealingLR(T_max=100)' 'PolynomialLR(total_iters=100, power=2.0)' \
  'LambdaLR(lr_lambda="1 / (1 + 0.05 * epoch)")' --steps 100 --svg "$out/smooth.svg"
plot 'CosineAnnealingWarmRestarts(T_0=10, T_mult=2)' 'CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=10, mode="triangular2")' \
  'PolynomialDecay(decay_steps=20, end_learning_rate=0.001, power=2.0, cycle=True)' --steps 100 --svg "$out/cycles.svg"
plot 'OneCycleLR(max_lr=0.1, total_steps=100)' 'OneCycleLR(max_lr=0.1, total_steps=100, three_phase=True, anneal_strategy="linear")' \
  --steps 99 --svg "$out/onecycle.svg"
plot 'SequentialLR(schedulers=[LinearLR(start_factor=0.01, total_iters=10), CosineAnnealingLR(T_max=90)], milestones=[10])' \
  'get_scheduler(name="warmup_stable_decay", num_warmup_steps=10, num_training_steps=100, num_decay_steps=20)' \
  'CosineLRScheduler(t_initial=30, warmup_t=10, warmup_lr_init=0.001, warmup_prefix=True, cycle_limit=3, cycle_decay=0.5)' \
  'WarmupLR(scheduler=StepLR(step_size=30, gamma=0.3), warmup_t=10, warmup_type="cosine", warmup_prefix=True)' \
  --steps 100 --svg "$out/warmup.svg"
plot 'CosineLRScheduler(t_initial=100)' 'CosineLRScheduler(t_initial=100, noise_range_t=20, noise_pct=0.3)' \
  --steps 100 --svg "$out/noise.svg"
plot 'get_scheduler(name="linear", num_warmup_steps=10, num_training_steps=100)' \
  'get_scheduler(name="cosine_with_restarts", num_warmup_steps=10, num_training_steps=100, num_cycles=3)' \
  'get_scheduler(name="inverse_sqrt", num_warmup_steps=10)' --steps 100 --svg "$out/transformers.svg"
plot 'ReduceLROnPlateau(patience=2, factor=0.5)' --steps 20 \
  --metrics 1,0.8,0.7,0.7,0.71,0.72,0.6,0.6,0.61,0.6,0.62,0.5,0.5,0.5,0.5,0.5,0.49,0.5,0.5,0.5 --svg "$out/plateau.svg"
"$anneal" find-lr --data-dir Sources/AnnealBundledMNIST/MNIST --svg "$out/find-lr.svg"
