namespace Chat.Bench;

/// <summary>
/// The open-loop send schedule of both load runs: the rate ramps linearly from 10% to 100% over the warm-up (a cold
/// server JIT-compiles for its first seconds at full CPU), then holds the target; only what is sent after the
/// warm-up is measured.
/// </summary>
public static class Schedule
{
    /// <summary>How many messages the schedule has issued by second t.</summary>
    public static double MessagesDue(double t, int rate, TimeSpan warmup)
    {
        var w = warmup.TotalSeconds;
        if (w <= 0) return t * rate;
        var ramp = Math.Min(t, w);
        var rampMessages = rate * (0.1 * ramp + 0.45 * ramp * ramp / w);
        return rampMessages + Math.Max(0, t - w) * rate;
    }
}
