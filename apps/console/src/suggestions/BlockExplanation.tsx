import { describeBlock } from './describe';
import type { MergeBlock } from './types';

interface BlockExplanationProps {
  blocks: MergeBlock[];
  /** Who would be kept and who removed, as the blocks were computed. */
  survivor: string;
  victim: string;
  testId?: string;
}

/** Why a guard refuses the merge, and what an agent or admin can do about it. */
export function BlockExplanation({ blocks, survivor, victim, testId }: BlockExplanationProps) {
  const remedies = [...new Set(blocks.flatMap((block) => block.remedies))];
  return (
    <div className="guard" role="note" data-testid={testId}>
      <p className="guard-title">Can’t be merged</p>
      <ul className="guard-reasons">
        {blocks.map((block, index) => (
          <li key={index}>{describeBlock(block, survivor, victim)}</li>
        ))}
      </ul>
      {remedies.length > 0 ? (
        <>
          <p className="guard-subtitle">To merge them (keeping {survivor}):</p>
          <ul className="guard-remedies" data-testid="guard-remedies">
            {remedies.map((remedy) => (
              <li key={remedy}>{remedy}</li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
