import {
  IconCalendarTime,
  IconChartBar,
  IconDatabase,
  IconHome,
  IconMail,
  IconMessage,
  IconSettings,
  IconListCheck,
  IconWorld,
  type Icon,
} from '@tabler/icons-react';

export interface Section {
  path: string;
  label: string;
  icon: Icon;
  /** Sections that later issues fill: the menu lists them apart, under one "coming later" note, and their page says so. */
  ready: boolean;
}

export const SECTIONS: Section[] = [
  { path: '/', label: 'Home', icon: IconHome, ready: true },
  { path: '/databases', label: 'Databases', icon: IconDatabase, ready: true },
  { path: '/mailings', label: 'Mailings', icon: IconMail, ready: true },
  { path: '/schedules', label: 'Schedules', icon: IconCalendarTime, ready: true },
  { path: '/statistics', label: 'Statistics', icon: IconChartBar, ready: true },
  { path: '/sms', label: 'SMS and fax', icon: IconMessage, ready: true },
  { path: '/surveys', label: 'Surveys', icon: IconListCheck, ready: true },
  { path: '/websites', label: 'Websites', icon: IconWorld, ready: true },
  { path: '/admin', label: 'Admin', icon: IconSettings, ready: true },
];
