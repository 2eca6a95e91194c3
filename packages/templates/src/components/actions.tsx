import { Button, Heading, Section, Text } from '@react-email/components';
import type { ActionLink } from '@relance/domain';
import { actionMessages } from '../messages/actions';
import type { Locale } from '../types';
import { colors } from './styles';

/**
 * The actions of a creditor alert (SPEC 3.2b): one button each. In the text part a button reads
 * as its label followed by its URL.
 */
export function ActionButtons({ locale, actions }: { locale: Locale; actions: ActionLink[] }) {
  const a = actionMessages(locale);
  return (
    <Section
      style={{
        border: `1px solid ${colors.border}`,
        borderRadius: '6px',
        padding: '12px 16px',
        margin: '8px 0 16px',
      }}
    >
      <Heading as="h2" style={{ fontSize: '16px', margin: '0 0 6px', color: colors.ink }}>
        {a.alert.title}
      </Heading>
      <Text style={{ fontSize: '13px', color: colors.muted, margin: '0 0 8px' }}>{a.alert.intro}</Text>
      {actions.map((action) => (
        <Text key={action.kind} style={{ margin: '0 0 8px' }}>
          <Button
            href={action.url}
            style={{
              backgroundColor: colors.accent,
              color: '#ffffff',
              borderRadius: '6px',
              padding: '10px 18px',
              fontSize: '14px',
              fontWeight: 600,
            }}
          >
            {a.labels[action.kind]}
          </Button>
        </Text>
      ))}
    </Section>
  );
}
