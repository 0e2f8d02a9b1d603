"""The scheduler specs the golden traces cover: every PyTorch scheduler, several
parameterisations, multiple param groups, composites, plateau metrics and Adam's beta1.

Each case: (spec, lrs, steps, optimizer, momentum, metrics).
"""

PLATEAU_METRICS = [10 - 0.0165 * i for i in range(22)]
NOISY = [1.0, 0.9, 0.95, 0.97, 0.96, 0.99, 0.8, 0.85, 0.86, 0.84, 0.84, 0.9, 0.7, 0.71, 0.72, 0.73, 0.74, 0.75, 0.76, 0.77]
RISING = [0.1 * i for i in range(20)]

CASES = [
    # LambdaLR / MultiplicativeLR
    ("LambdaLR(lr_lambda='0.95 ** epoch')", [0.1], 12, "sgd", 0.0, []),
    ("LambdaLR(lr_lambda=lambda epoch: min(1.0, (epoch + 1) / 5))", [0.05, 0.5], 10, "sgd", 0.0, []),
    ("LambdaLR(lr_lambda=['epoch // 3', '0.9 ** epoch'])", [0.05, 0.5], 10, "sgd", 0.0, []),
    ("LambdaLR(lr_lambda='1 / (epoch + 1) if epoch < 5 else 0.1 * math.cos(epoch)')", [0.2], 9, "sgd", 0.0, []),
    ("MultiplicativeLR(lr_lambda='0.95')", [0.1], 12, "sgd", 0.0, []),
    ("MultiplicativeLR(lr_lambda=lambda epoch: 0.9 if epoch % 2 else 1.0)", [0.05, 0.5], 10, "sgd", 0.0, []),
    # StepLR / MultiStepLR
    ("StepLR(step_size=1, gamma=0.1)", [0.1], 6, "sgd", 0.9, []),
    ("StepLR(step_size=3, gamma=0.1)", [0.05], 12, "sgd", 0.0, []),
    ("StepLR(step_size=2, gamma=0.5)", [0.05, 0.5, 1.0], 9, "sgd", 0.0, []),
    ("MultiStepLR(milestones=[2, 5, 9], gamma=0.1)", [0.05], 12, "sgd", 0.0, []),
    ("MultiStepLR(milestones=[2, 5, 5, 9], gamma=0.1)", [0.05, 0.5], 12, "sgd", 0.0, []),
    ("MultiStepLR(milestones=[30, 80])", [0.1], 100, "sgd", 0.0, []),
    # ConstantLR / LinearLR
    ("ConstantLR()", [0.1], 8, "sgd", 0.0, []),
    ("ConstantLR(factor=0.5, total_iters=4)", [0.05, 0.5], 8, "sgd", 0.0, []),
    ("ConstantLR(factor=1.0, total_iters=3)", [0.05], 5, "sgd", 0.0, []),
    ("LinearLR()", [0.1], 8, "sgd", 0.0, []),
    ("LinearLR(start_factor=0.5, total_iters=4)", [0.05], 8, "sgd", 0.0, []),
    ("LinearLR(start_factor=1.0, end_factor=0.1, total_iters=10)", [0.05, 0.5], 14, "sgd", 0.0, []),
    ("LinearLR(start_factor=0.001, end_factor=1.0, total_iters=100)", [3e-4], 110, "adam", 0.0, []),
    # ExponentialLR / PolynomialLR
    ("ExponentialLR(gamma=0.9)", [0.1], 20, "sgd", 0.0, []),
    ("ExponentialLR(0.99)", [0.05, 1.0], 50, "sgd", 0.0, []),
    ("PolynomialLR(total_iters=5, power=1.0)", [0.1], 8, "sgd", 0.0, []),
    ("PolynomialLR(total_iters=4, power=2.0)", [0.05, 0.5], 8, "sgd", 0.0, []),
    ("PolynomialLR(total_iters=10, power=0.5)", [0.01], 12, "sgd", 0.0, []),
    # CosineAnnealingLR: past T_max (unclamped), trough branch, eta_min, float T_max
    ("CosineAnnealingLR(T_max=10)", [0.1], 45, "sgd", 0.0, []),
    ("CosineAnnealingLR(T_max=10, eta_min=0.001)", [0.05, 0.5], 25, "sgd", 0.0, []),
    ("CosineAnnealingLR(T_max=1)", [0.1], 6, "sgd", 0.0, []),
    ("CosineAnnealingLR(T_max=7.5, eta_min=1e-5)", [0.1], 20, "sgd", 0.0, []),
    # CosineAnnealingWarmRestarts
    ("CosineAnnealingWarmRestarts(T_0=3, T_mult=2)", [0.1], 25, "sgd", 0.0, []),
    ("CosineAnnealingWarmRestarts(T_0=10, eta_min=0.001)", [0.05, 0.5], 30, "sgd", 0.0, []),
    ("CosineAnnealingWarmRestarts(T_0=1, T_mult=3, eta_min=0.01)", [0.1], 20, "sgd", 0.0, []),
    # CyclicLR: modes, custom scale, momentum and Adam beta1
    ("CyclicLR(base_lr=1, max_lr=5, step_size_up=4)", [1.0], 20, "sgd", 0.0, []),
    ("CyclicLR(base_lr=1, max_lr=5, step_size_up=4, mode='triangular2')", [1.0], 30, "sgd", 0.0, []),
    ("CyclicLR(base_lr=1, max_lr=5, step_size_up=4, step_size_down=6)", [1.0], 25, "sgd", 0.0, []),
    ("CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=4, mode='exp_range', gamma=0.9)", [0.1], 25, "sgd", 0.9, []),
    ("CyclicLR(base_lr=[0.01, 0.001], max_lr=[0.1, 0.01], step_size_up=3, base_momentum=0.7, max_momentum=[0.95, 0.9])", [0.1, 0.1], 15, "sgd", 0.5, []),
    ("CyclicLR(base_lr=0.001, max_lr=0.006, step_size_up=5, cycle_momentum=False)", [0.1], 20, "sgd", 0.0, []),
    ("CyclicLR(base_lr=0.001, max_lr=0.006, step_size_up=5)", [0.1], 20, "adam", 0.0, []),
    ("CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=4, scale_fn='1 / (2.0 ** (x - 1))')", [0.1], 25, "sgd", 0.9, []),
    ("CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=4, scale_fn='0.99 ** x', scale_mode='iterations')", [0.1], 25, "sgd", 0.9, []),
    # OneCycleLR
    ("OneCycleLR(max_lr=0.1, total_steps=10)", [0.1], 10, "sgd", 0.9, []),
    ("OneCycleLR(max_lr=0.1, total_steps=100)", [0.1], 100, "sgd", 0.0, []),
    ("OneCycleLR(max_lr=25, total_steps=10, anneal_strategy='linear', final_div_factor=2, base_momentum=1, max_momentum=22)", [0.1], 10, "sgd", 0.0, []),
    ("OneCycleLR(max_lr=25, total_steps=10, anneal_strategy='linear', pct_start=0.4, final_div_factor=4, three_phase=True, base_momentum=1, max_momentum=22)", [0.1], 10, "sgd", 0.0, []),
    ("OneCycleLR(max_lr=[0.1, 0.01], epochs=3, steps_per_epoch=7, pct_start=0.25)", [0.1, 0.1], 21, "sgd", 0.9, []),
    ("OneCycleLR(max_lr=0.01, total_steps=50, three_phase=True)", [0.1], 50, "adam", 0.0, []),
    ("OneCycleLR(max_lr=0.1, total_steps=20, cycle_momentum=False, div_factor=10.0)", [0.1], 20, "sgd", 0.9, []),
    # ReduceLROnPlateau
    ("ReduceLROnPlateau(patience=5, threshold=0.1, threshold_mode='abs')", [0.5], 22, "sgd", 0.0, PLATEAU_METRICS),
    ("ReduceLROnPlateau(mode='max', threshold=0.1, patience=5, cooldown=5, min_lr=[0.4, 0.3])", [0.5, 0.5], 20, "sgd", 0.0, RISING),
    ("ReduceLROnPlateau(patience=1, factor=0.5)", [0.1], 20, "sgd", 0.0, NOISY),
    ("ReduceLROnPlateau(patience=0, factor=0.5, cooldown=2, min_lr=0.02, eps=1e-3)", [0.1, 0.05], 20, "sgd", 0.0, NOISY),
    ("ReduceLROnPlateau(mode='max', patience=2, threshold_mode='abs', threshold=0.01)", [0.1], 20, "adam", 0.0, NOISY),
    # SWALR
    ("SWALR(swa_lr=0.05, anneal_epochs=5)", [0.1], 10, "sgd", 0.0, []),
    ("SWALR(swa_lr=[0.05, 0.01], anneal_epochs=3, anneal_strategy='linear')", [0.1, 0.2], 8, "sgd", 0.0, []),
    ("SWALR(swa_lr=0.01, anneal_epochs=0)", [0.1], 4, "sgd", 0.0, []),
    # Composites
    ("SequentialLR(schedulers=[LinearLR(start_factor=0.1, total_iters=5), CosineAnnealingLR(T_max=45)], milestones=[5])", [0.1], 50, "sgd", 0.0, []),
    ("SequentialLR(schedulers=[ExponentialLR(gamma=0.8), StepLR(gamma=0.1, step_size=4)], milestones=[3])", [0.05], 16, "sgd", 0.0, []),
    ("SequentialLR(schedulers=[ConstantLR(factor=0.1, total_iters=3), ExponentialLR(gamma=0.9)], milestones=[3])", [0.05, 0.5], 12, "sgd", 0.0, []),
    ("SequentialLR(schedulers=[LinearLR(total_iters=3), MultiStepLR(milestones=[2, 4]), ExponentialLR(gamma=0.5)], milestones=[3, 8])", [0.1], 14, "sgd", 0.0, []),
    ("SequentialLR(schedulers=[ChainedScheduler(schedulers=[ConstantLR(factor=0.5, total_iters=2), ExponentialLR(gamma=0.9)]), CosineAnnealingLR(T_max=5)], milestones=[4])", [0.1], 12, "sgd", 0.0, []),
    ("SequentialLR(schedulers=[LinearLR(start_factor=0.01, total_iters=10), OneCycleLR(max_lr=0.1, total_steps=20)], milestones=[10])", [0.1], 30, "sgd", 0.9, []),
    ("ChainedScheduler(schedulers=[ConstantLR(factor=0.1, total_iters=20), ExponentialLR(gamma=0.9)])", [0.05], 25, "sgd", 0.0, []),
    ("ChainedScheduler(schedulers=[StepLR(step_size=3), CosineAnnealingLR(T_max=10), LinearLR(start_factor=0.5, total_iters=4)])", [0.1, 0.01], 15, "sgd", 0.0, []),
    ("ChainedScheduler(schedulers=[MultiplicativeLR(lr_lambda='0.9'), StepLR(step_size=2, gamma=0.5)])", [1.0], 10, "sgd", 0.0, []),
    # Keras PolynomialDecay, with and without cycle (the oracle runs Keras in float64)
    ("PolynomialDecay(decay_steps=10)", [0.1], 14, "sgd", 0.0, []),
    ("PolynomialDecay(decay_steps=10, end_learning_rate=0.001, power=2.0, cycle=True)", [0.1, 0.02], 45, "sgd", 0.0, []),
    ("PolynomialDecay(decay_steps=7, end_learning_rate=0.0, power=0.5, cycle=True)", [0.3], 30, "adam", 0.0, []),
    ("PolynomialDecay(decay_steps=4, power=3.0)", [0.05], 8, "sgd", 0.0, []),
    # Hugging Face transformers schedules through get_scheduler (the oracle calls transformers)
    ("get_scheduler(name='linear', num_warmup_steps=5, num_training_steps=30)", [0.1], 32, "sgd", 0.0, []),
    ("get_scheduler(name='cosine', num_warmup_steps=4, num_training_steps=40)", [0.05, 0.5], 42, "sgd", 0.0, []),
    ("get_scheduler(name='cosine', num_warmup_steps=0, num_training_steps=25, num_cycles=1.5)", [0.1], 30, "adam", 0.0, []),
    ("get_scheduler(name='cosine_with_restarts', num_warmup_steps=3, num_training_steps=40, num_cycles=3)", [0.1], 42, "sgd", 0.0, []),
    ("get_scheduler(name='polynomial', num_warmup_steps=5, num_training_steps=30, lr_end=1e-4, power=2.0)", [0.1], 35, "sgd", 0.0, []),
    ("get_scheduler(name='constant')", [0.1], 5, "sgd", 0.0, []),
    ("get_scheduler(name='constant_with_warmup', num_warmup_steps=7)", [0.1], 12, "sgd", 0.0, []),
    ("get_scheduler(name='inverse_sqrt', num_warmup_steps=10)", [0.1], 40, "sgd", 0.0, []),
    ("get_scheduler(name='inverse_sqrt', num_warmup_steps=4, timescale=20)", [0.1], 30, "sgd", 0.0, []),
    ("get_scheduler(name='cosine_with_min_lr', num_warmup_steps=5, num_training_steps=30, min_lr_rate=0.1)", [0.1], 35, "sgd", 0.0, []),
    ("get_scheduler(name='cosine_with_min_lr', num_warmup_steps=5, num_training_steps=30, min_lr=0.001)", [0.1], 35, "sgd", 0.0, []),
    ("get_scheduler(name='warmup_stable_decay', num_warmup_steps=5, num_training_steps=40, num_decay_steps=10)", [0.1], 45, "sgd", 0.0, []),
    ("get_scheduler(name='warmup_stable_decay', num_warmup_steps=6, num_stable_steps=5, num_decay_steps=12, warmup_type='cosine', decay_type='1-sqrt', min_lr_ratio=0.1)", [0.05, 0.5], 30, "sgd", 0.0, []),
    ("get_scheduler(name='warmup_stable_decay', num_warmup_steps=6, num_stable_steps=5, num_decay_steps=12, warmup_type='1-sqrt', decay_type='linear')", [0.1], 30, "sgd", 0.0, []),
    # timm's CosineLRScheduler (the oracle calls timm)
    ("CosineLRScheduler(t_initial=10)", [0.1], 15, "sgd", 0.0, []),
    ("CosineLRScheduler(t_initial=10, lr_min=1e-4, warmup_t=3, warmup_lr_init=1e-5)", [0.05, 0.5], 15, "sgd", 0.0, []),
    ("CosineLRScheduler(t_initial=8, warmup_t=4, warmup_lr_init=0.001, warmup_prefix=True, cycle_limit=3, cycle_decay=0.5)", [0.1], 30, "sgd", 0.0, []),
    ("CosineLRScheduler(t_initial=5, cycle_mul=2.0, cycle_limit=4, cycle_decay=0.8, lr_min=0.001)", [0.1], 40, "sgd", 0.0, []),
    ("CosineLRScheduler(t_initial=20, k_decay=2.0, warmup_t=2)", [0.1], 25, "adam", 0.0, []),
]
