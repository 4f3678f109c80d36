'use client';
/**
 * Traffic split between a rule's backends as a Radix Slider: n backends, n-1 thumbs at the
 * cumulative percentages. Arrow keys move a thumb by 1%, Page Up/Down by 10%, Home/End to the
 * ends; the weights of the backends on either side change, the others stay.
 */
import { Slider } from 'radix-ui';
import { cutsToWeights, weightsToCuts } from '@/lib/forms/httproute-form';

const COLORS = ['bg-indigo-500', 'bg-amber-400', 'bg-emerald-500', 'bg-rose-400', 'bg-sky-400', 'bg-violet-400'];

export function CanarySlider({ labels, weights, onChange, label }: { labels: string[]; weights: string[]; onChange: (weights: string[]) => void; label: string }) {
  const cuts = weightsToCuts(weights);
  const shares = cutsToWeights(cuts);
  const edges = [0, ...cuts, 100];
  return (
    <div className="space-y-2" role="group" aria-label={label}>
      <div className="relative h-2">
        {/* The coloured bands show each backend's share under the slider track. */}
        {shares.map((s, i) => (
          <span key={i} aria-hidden className={`absolute top-0 h-2 rounded-sm ${COLORS[i % COLORS.length]}`} style={{ left: `${edges[i]}%`, width: `${s}%` }} />
        ))}
      </div>
      <Slider.Root
        value={cuts}
        min={0}
        max={100}
        step={1}
        minStepsBetweenThumbs={0}
        onValueChange={(v) => onChange(cutsToWeights(v))}
        className="relative flex h-5 w-full touch-none items-center select-none"
      >
        <Slider.Track className="relative h-1 grow rounded-full bg-slate-200">
          <Slider.Range className="absolute h-full rounded-full bg-transparent" />
        </Slider.Track>
        {cuts.map((c, i) => (
          <Slider.Thumb
            key={i}
            aria-label={`Split between ${labels[i] || `backend ${i + 1}`} and ${labels[i + 1] || `backend ${i + 2}`}`}
            aria-valuetext={`${labels[i] || `backend ${i + 1}`} ${shares[i]}%, ${labels[i + 1] || `backend ${i + 2}`} ${shares[i + 1]}%`}
            className="block h-5 w-5 rounded-full border-2 border-indigo-600 bg-white shadow outline-none focus-visible:ring-4 focus-visible:ring-indigo-200"
          />
        ))}
      </Slider.Root>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600" aria-label="Traffic shares">
        {shares.map((s, i) => (
          <li key={i} className="flex items-center gap-1.5">
            <span aria-hidden className={`inline-block h-2.5 w-2.5 rounded-sm ${COLORS[i % COLORS.length]}`} />
            <span className="font-mono">{labels[i] || `backend ${i + 1}`}</span> <strong>{s}%</strong>
          </li>
        ))}
      </ul>
    </div>
  );
}
