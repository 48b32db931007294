// A wizard footer whose Next runs an action first (create, import, start) and moves on only when it succeeded.
import { useState } from 'react';
import { WizardFooter, useWizardContext } from '@patternfly/react-core';

export function ActionFooter({ label, disabled, action }: { label: string; disabled?: boolean; action: () => Promise<boolean> }) {
  const { goToNextStep, goToPrevStep, close, activeStep } = useWizardContext();
  const [running, setRunning] = useState(false);
  return (
    <WizardFooter activeStep={activeStep} nextButtonText={running ? `${label}…` : label} isNextDisabled={disabled || running}
      onNext={async () => {
        setRunning(true);
        try { if (await action()) await goToNextStep(); } finally { setRunning(false); }
      }}
      onBack={goToPrevStep} onClose={close} />
  );
}
